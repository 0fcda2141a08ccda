package shipengine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/decode"
)

// CarrierAccount is a carrier account connected to the ShipEngine
// account. Its Code is what Request.Courier takes.
type CarrierAccount struct {
	ID               string // carrier_id, an se_id such as "se-123456"
	Code             string // carrier_code, such as "stamps_com" or "ups"
	AccountNumber    string
	Nickname         string
	FriendlyName     string // display name, such as "Stamps.com"
	Primary          bool
	ConnectionStatus string // "approved" or "pending_approval"; "" from older API versions
	Services         []CarrierService
}

// CarrierService is a shipping service of a carrier account.
type CarrierService struct {
	Code          string // service_code, such as "usps_priority_mail"
	Name          string
	Domestic      bool
	International bool
}

// ProviderError is one entry of ShipEngine's errors list.
type ProviderError struct {
	Source      string // error_source: carrier, order_source or shipengine
	Type        string // error_type, such as integrations or validation
	Code        string // error_code, such as carrier_disconnected
	Message     string
	CarrierID   string
	CarrierCode string
	FieldName   string
}

// PartialError is returned by Couriers together with the accounts that
// loaded, when ShipEngine answered with a partial success (HTTP 207) and
// listed the accounts it could not load. Find it with errors.As; the
// accounts returned beside it are usable.
type PartialError struct {
	StatusCode int
	RequestID  string
	Errors     []ProviderError
}

// Error lists the failures and says what to do next.
func (e *PartialError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "shipengine: listing carriers partly failed (HTTP %d), %d error(s)", e.StatusCode, len(e.Errors))
	for i, pe := range e.Errors {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Errors)-i)
			break
		}
		fmt.Fprintf(&b, "; %s: %s", pe.Code, tracking.Truncate(pe.Message, 120))
		if who := strings.TrimSpace(pe.CarrierCode + " " + pe.CarrierID); who != "" {
			fmt.Fprintf(&b, " (carrier %s)", who)
		}
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "; request id %s", e.RequestID)
	}
	b.WriteString("; the accounts that loaded are returned; reconnect the failing ones in ShipEngine")
	return b.String()
}

// Couriers lists the carrier accounts (ShipEngine calls couriers carriers)
// connected to the ShipEngine account:
// GET /v1/carriers. When ShipEngine answers with a partial success (HTTP
// 207, or errors beside the data), it returns the accounts that loaded
// and a *PartialError listing the others.
func (c *Carrier) Couriers(ctx context.Context, cred credentials.Credential) ([]CarrierAccount, error) {
	resp, err := c.send(ctx, cred, http.MethodGet, "/v1/carriers", "")
	if err != nil {
		return nil, err
	}
	return decodeCarriers(resp.Body, resp.StatusCode)
}

// decodeCarriers reads a GET /v1/carriers body, with the errors of a
// partial success as a *PartialError.
func decodeCarriers(b []byte, status int) ([]CarrierAccount, error) {
	var body carriersBody
	if err := decode.JSON(ID, b, &body); err != nil {
		return nil, err
	}
	if body.Carriers == nil {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "carriers", Err: errors.New("missing: the answer is not a carrier list")}
	}
	accounts := make([]CarrierAccount, len(*body.Carriers))
	for i, w := range *body.Carriers {
		accounts[i] = w.account()
	}
	if len(body.Errors) == 0 {
		return accounts, nil
	}
	pe := &PartialError{StatusCode: status, RequestID: string(body.RequestID)}
	for _, it := range body.Errors {
		pe.Errors = append(pe.Errors, ProviderError{
			Source: string(it.ErrorSource), Type: string(it.ErrorType), Code: string(it.ErrorCode),
			Message: string(it.Message), CarrierID: string(it.CarrierID), CarrierCode: string(it.CarrierCode),
			FieldName: string(it.FieldName),
		})
	}
	return accounts, pe
}

func (w *carrierAccount) account() CarrierAccount {
	a := CarrierAccount{
		ID:               string(w.CarrierID),
		Code:             string(w.CarrierCode),
		AccountNumber:    string(w.AccountNumber),
		Nickname:         string(w.Nickname),
		FriendlyName:     string(w.FriendlyName),
		Primary:          bool(w.Primary),
		ConnectionStatus: string(w.ConnectionStatus),
	}
	for _, s := range w.Services {
		a.Services = append(a.Services, CarrierService{
			Code: string(s.ServiceCode), Name: string(s.Name),
			Domestic: bool(s.Domestic), International: bool(s.International),
		})
	}
	return a
}
