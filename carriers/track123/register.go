package track123

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
)

// Metadata keys read from tracking.Request.Metadata by Register and by
// auto-registration. The aliases in parentheses are accepted too.
const (
	MetaOrderNumber   = "order_no"       // orderNo ("order_id", "orderNo")
	MetaCustomerEmail = "customer_email" // customerEmail ("email", "customerEmail")
	MetaRemark        = "remark"         // remark
	MetaCustom1       = "custom1"        // custom1
	MetaCustom2       = "custom2"        // custom2
	MetaPhoneSuffix   = "phone_suffix"   // extendFieldMap.phoneSuffix ("phoneSuffix"): last 4 digits of the recipient's phone, needed by some couriers
)

// Registration is one number to import into Track123.
type Registration struct {
	TrackingNumber string // required
	// Courier is Track123's courier code; "" lets Track123 detect it.
	Courier       string
	OrderNumber   string
	Country       string    // destination, ISO 3166 alpha-2
	ShipTime      time.Time // sent zone-less in the carrier's location
	CustomerEmail string
	// PostalCode is needed by some couriers (mondialrelay, postnl, yodel).
	PostalCode string
	Remark     string
	Custom1    string
	Custom2    string
	// ExtendFields are courier-specific extras, such as
	// {"phoneSuffix": "1234"} for sfb2c or jtexpress-mx.
	ExtendFields map[string]string
}

// RegistrationFor builds the Registration of a tracking.Request: its
// number, courier, destination country, postal code, ship date and the
// Meta* keys of its Metadata.
func RegistrationFor(req tracking.Request) Registration {
	m := req.Metadata
	r := Registration{
		TrackingNumber: strings.TrimSpace(req.TrackingNumber),
		Courier:        courierCode(req.Courier),
		Country:        strings.ToUpper(strings.TrimSpace(req.DestinationCountry)),
		PostalCode:     strings.TrimSpace(req.PostalCode),
		ShipTime:       req.ShipDate,
		OrderNumber:    meta(m, MetaOrderNumber, "order_id", "orderNo"),
		CustomerEmail:  meta(m, MetaCustomerEmail, "email", "customerEmail"),
		Remark:         meta(m, MetaRemark),
		Custom1:        meta(m, MetaCustom1),
		Custom2:        meta(m, MetaCustom2),
	}
	if p := meta(m, MetaPhoneSuffix, "phoneSuffix"); p != "" {
		r.ExtendFields = map[string]string{"phoneSuffix": p}
	}
	return r
}

func meta(m map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(m[k]); v != "" {
			return v
		}
	}
	return ""
}

// Number names one tracking: its number and, where known, its courier.
type Number struct {
	TrackingNumber string
	Courier        string
}

// Item is one tracking Track123 accepted in a batch call.
type Item struct {
	TrackingNumber string
	Courier        string // as Track123 echoes it (detected when it was left empty)
	OrderNumber    string
}

// Rejection is one item Track123 refused in a batch call.
type Rejection struct {
	// Index is the item's position in the caller's input; -1 when it
	// cannot be told.
	Index          int
	TrackingNumber string
	Courier        string
	OrderNumber    string
	// Duplicate is true when Track123 refused it only because it is
	// already registered, which a caller may count as success.
	Duplicate bool
	// Err is a *tracking.APIError matching a category sentinel, such as
	// tracking.ErrNotFound for a number that is not registered.
	Err error
}

// BatchResult is the answer of a batch call: one failed item is a
// Rejection, not an error of the call.
type BatchResult struct {
	Accepted []Item
	Rejected []Rejection
}

// ErrFor returns the error of the first rejection of trackingNumber, or
// nil when it was not rejected.
func (b *BatchResult) ErrFor(trackingNumber string) error {
	for _, r := range b.Rejected {
		if strings.EqualFold(r.TrackingNumber, trackingNumber) {
			return r.Err
		}
	}
	return nil
}

// RegisterBatch registers trackings with Track123, in calls of at most
// MaxBatch: Register for many numbers, with Track123's own Registration
// fields. Each registered number uses up account quota. An item Track123
// refuses is a Rejection in the result; the error is for calls that failed
// as a whole, and then the result holds what earlier calls answered and no
// later call is made.
func (c *Carrier) RegisterBatch(ctx context.Context, regs []Registration, cred credentials.Credential) (*BatchResult, error) {
	out := &BatchResult{}
	for start := 0; start < len(regs); start += MaxBatch {
		chunk := regs[start:min(start+MaxBatch, len(regs))]
		items := make([]wireItem, len(chunk))
		nums := make([]Number, len(chunk))
		for i, r := range chunk {
			items[i] = c.wireItem(r)
			nums[i] = Number{TrackingNumber: items[i].TrackNo, Courier: items[i].CourierCode}
		}
		// Track123 refuses a number that is already imported instead of
		// registering it twice, so repeating an import is safe.
		if err := c.batch(ctx, cred, epImport, true, items, nums, start, out); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (c *Carrier) wireItem(r Registration) wireItem {
	w := wireItem{
		TrackNo:       strings.TrimSpace(r.TrackingNumber),
		CourierCode:   courierCode(r.Courier),
		OrderNo:       r.OrderNumber,
		Country:       r.Country,
		ShipTime:      c.formatTime(r.ShipTime),
		CustomerEmail: r.CustomerEmail,
		PostalCode:    r.PostalCode,
		Remark:        r.Remark,
		Custom1:       r.Custom1,
		Custom2:       r.Custom2,
	}
	if len(r.ExtendFields) > 0 {
		w.ExtendFieldMap = r.ExtendFields
	}
	return w
}

// UnregisterBatch stops tracking numbers, in calls of at most MaxBatch:
// Unregister for many numbers. A number Track123 does not hold is a
// Rejection matching tracking.ErrNotFound.
func (c *Carrier) UnregisterBatch(ctx context.Context, numbers []Number, cred credentials.Credential) (*BatchResult, error) {
	out := &BatchResult{}
	for start := 0; start < len(numbers); start += MaxBatch {
		chunk := numbers[start:min(start+MaxBatch, len(numbers))]
		items := make([]wireItem, len(chunk))
		nums := make([]Number, len(chunk))
		for i, n := range chunk {
			items[i] = wireItem{TrackNo: strings.TrimSpace(n.TrackingNumber), CourierCode: courierCode(n.Courier)}
			nums[i] = Number{TrackingNumber: items[i].TrackNo, Courier: items[i].CourierCode}
		}
		// A repeated delete would report the number as not registered:
		// deletes are retried only when they cannot have been processed.
		if err := c.batch(ctx, cred, epDelete, false, items, nums, start, out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// batch sends one import or delete call and adds its answer to out.
// offset is the chunk's position in the caller's input.
func (c *Carrier) batch(ctx context.Context, cred credentials.Credential, ep string, idempotent bool, items []wireItem,
	nums []Number, offset int, out *BatchResult) error {
	env, resp, err := c.call(ctx, cred, http.MethodPost, ep, idempotent, func(APIVersion) any { return items })
	if err != nil {
		return err
	}
	var data batchData
	if d := strings.TrimSpace(string(env.Data)); d == "" || d == "null" {
		// The answer's shape is not documented for every endpoint: a
		// success with no data accepted everything.
		for _, n := range nums {
			out.Accepted = append(out.Accepted, Item{TrackingNumber: n.TrackingNumber, Courier: n.Courier})
		}
		return nil
	}
	if err := decodeData(env.Data, &data); err != nil {
		return err
	}
	for _, a := range data.Accepted {
		out.Accepted = append(out.Accepted, Item{
			TrackingNumber: strings.TrimSpace(string(a.TrackNo)),
			Courier:        strings.TrimSpace(string(a.CourierCode)),
			OrderNumber:    strings.TrimSpace(string(a.OrderNo)),
		})
	}
	used := make([]bool, len(nums))
	for _, rej := range data.Rejected {
		e := itemError(resp, rej, string(env.TraceID))
		msg := ""
		if rej.Error != nil {
			msg = rej.Error.text()
		}
		idx := matchNumber(nums, used, string(rej.TrackNo), string(rej.CourierCode))
		if idx >= 0 {
			idx += offset
		}
		out.Rejected = append(out.Rejected, Rejection{
			Index:          idx,
			TrackingNumber: strings.TrimSpace(string(rej.TrackNo)),
			Courier:        strings.TrimSpace(string(rej.CourierCode)),
			OrderNumber:    strings.TrimSpace(string(rej.OrderNo)),
			Duplicate:      ep == epImport && alreadyRegistered(msg),
			Err:            carrierkit.Scrub(e, cred),
		})
	}
	return nil
}

// matchNumber finds the first unused input with the number (and the
// courier, when both name one): the rejection's index has no stated base.
func matchNumber(nums []Number, used []bool, number, courier string) int {
	number, courier = strings.TrimSpace(number), strings.TrimSpace(courier)
	for i, n := range nums {
		if used[i] || !strings.EqualFold(n.TrackingNumber, number) {
			continue
		}
		if courier != "" && n.Courier != "" && !strings.EqualFold(n.Courier, courier) {
			continue
		}
		used[i] = true
		return i
	}
	return -1
}

// Register imports req's number (see RegistrationFor for the fields
// sent). A number Track123 already holds counts as registered. Each
// registration uses up account quota.
func (c *Carrier) Register(ctx context.Context, req tracking.Request, cred credentials.Credential) error {
	r := RegistrationFor(req)
	if r.TrackingNumber == "" {
		return fmt.Errorf("track123: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
	}
	res, err := c.RegisterBatch(ctx, []Registration{r}, cred)
	if err != nil {
		return err
	}
	for _, rej := range res.Rejected {
		if !rej.Duplicate {
			return rej.Err
		}
	}
	return nil
}

// Unregister deletes req's number (with req.Courier, which Track123 may
// require) from Track123. A number Track123 does not hold is a success,
// as tracking.Registrar promises; UnregisterBatch reports it as a rejection.
func (c *Carrier) Unregister(ctx context.Context, req tracking.Request, cred credentials.Credential) error {
	n := Number{TrackingNumber: strings.TrimSpace(req.TrackingNumber), Courier: courierCode(req.Courier)}
	if n.TrackingNumber == "" {
		return fmt.Errorf("track123: empty tracking number; set Request.TrackingNumber: %w", tracking.ErrInvalidRequest)
	}
	res, err := c.UnregisterBatch(ctx, []Number{n}, cred)
	if err != nil {
		return err
	}
	if len(res.Rejected) > 0 && !errors.Is(res.Rejected[0].Err, tracking.ErrNotFound) {
		return res.Rejected[0].Err
	}
	return nil
}
