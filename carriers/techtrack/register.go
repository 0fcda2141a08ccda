package techtrack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
	"github.com/parcelkit/tracking/transport"
)

// Register creates a tracking in techTRACK (Wire.CreateMethod
// Wire.CreatePath, assumed POST /api/v2/tracking/create) with the number,
// Request.Courier as the techTRACK carrier code (required), and the code
// of the carrier credential to use:
//
//  1. the credential's carrier_credentials_code field, when set;
//  2. otherwise the credential's Code: the SDK resolved this credential
//     (named by Request.Credential or the default), and an SDK credential
//     stands for the techTRACK carrier credential with the same code, so
//     techTRACK never substitutes a default of its own;
//  3. only for a credential without a Code (a carrier called directly),
//     Request.Credential, or else nothing, and techTRACK uses the
//     organization's default carrier credential for the carrier.
//
// When techTRACK then refuses (HTTP 400 or 422 with no code sent: the
// organization has no default), the error matches both
// tracking.ErrInvalidRequest and ErrCredentialCodeRequired. Any 2xx answer
// means registered.
func (c *Carrier) Register(ctx context.Context, req tracking.Request, cred credentials.Credential) error {
	number, err := c.check(req, cred)
	if err != nil {
		return err
	}
	courier := courierCode(req.Courier)
	if courier == "" {
		return fmt.Errorf("techtrack: registering %q needs a carrier: set Request.Courier to the techTRACK carrier code (formerly SCAC, e.g. UPS): %w",
			number, tracking.ErrInvalidRequest)
	}
	f := c.wire.Create
	body := map[string]string{f.TrackingNumber: number, f.CarrierCode: courier}
	code := credentialCode(req, cred)
	if code != "" {
		body[f.CredentialCode] = code
	}
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("techtrack: encoding the request: %w", err)
	}
	// Not marked idempotent: nothing says techTRACK deduplicates creates,
	// so one that may have arrived is not sent again.
	hreq, err := http.NewRequestWithContext(carrierkit.WithCredential(transport.WithLimitKey(ctx, limitKey(cred)), cred), c.wire.CreateMethod, c.base+c.wire.CreatePath, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("techtrack: building the request (check WithWire's CreateMethod and CreatePath): %w", tracking.ErrInvalidRequest)
	}
	c.authorize(hreq, cred)
	hreq.Header.Set("Content-Type", "application/json")
	_, err = transport.Do(c.hc, ID, hreq, decodeError)
	if err == nil {
		return nil
	}
	var e *tracking.APIError
	if errors.As(err, &e) && (e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity) {
		if code == "" {
			// The refusal's body is unknown; no code and a 400 or 422 is
			// how the missing default shows.
			e.Err = ErrCredentialCodeRequired
		} else {
			// Keep the hint within the message length an APIError prints.
			e.Message = tracking.Truncate(e.Message, 120) +
				"; check that the named carrier credential exists in techTRACK, is active and belongs to carrier " + courier
		}
	}
	return carrierkit.Scrub(err, cred)
}

// Unregister is not supported: no techTRACK endpoint to delete or stop a
// tracking is known. It returns an error matching tracking.ErrUnsupported.
func (c *Carrier) Unregister(context.Context, tracking.Request, credentials.Credential) error {
	return fmt.Errorf("techtrack: no endpoint to delete a tracking is known: %w", tracking.ErrUnsupported)
}

// credentialCode is the techTRACK carrier credential code to send, "" for
// none (see Register).
func credentialCode(req tracking.Request, cred credentials.Credential) string {
	if v := strings.TrimSpace(cred.Field(FieldCarrierCredentialsCode).Reveal()); v != "" {
		return v
	}
	if code := strings.TrimSpace(cred.Code); code != "" {
		return code
	}
	return strings.TrimSpace(req.Credential)
}
