package tracking

import (
	"context"
	"fmt"
	"iter"

	"github.com/parcelkit/tracking/credentials"
)

// Register tells the request's carrier to track the number, with the
// credential the request names or the carrier's active default. It fails
// with an error matching ErrUnsupported when the carrier is not a
// Registrar.
func (c *Client) Register(ctx context.Context, req Request) error {
	r, cred, err := c.registrar(ctx, &req)
	if err != nil {
		return err
	}
	return r.Register(ctx, req, cred)
}

// Unregister tells the request's carrier to stop tracking the number; one
// the provider does not hold is a success. It fails with an error matching
// ErrUnsupported when the carrier is not a Registrar.
func (c *Client) Unregister(ctx context.Context, req Request) error {
	r, cred, err := c.registrar(ctx, &req)
	if err != nil {
		return err
	}
	return r.Unregister(ctx, req, cred)
}

func (c *Client) registrar(ctx context.Context, req *Request) (Registrar, credentials.Credential, error) {
	car, err := c.validate(ctx, req)
	if err != nil {
		return nil, credentials.Credential{}, err
	}
	r, ok := car.(Registrar)
	if !ok {
		return nil, credentials.Credential{}, fmt.Errorf("tracking: carrier %q cannot register numbers; call Track instead: %w", req.Carrier, ErrUnsupported)
	}
	cred, err := c.credentialFor(ctx, *req)
	if err != nil {
		return nil, credentials.Credential{}, err
	}
	return r, cred, nil
}

// List lists the trackings a carrier's provider holds for an account. The
// account is chosen as for Track: from's Carrier (or the default carrier),
// Organization and Credential; its other fields are ignored. Pages are
// fetched as the sequence is consumed. A carrier that is not a Lister
// yields one error matching ErrUnsupported.
func (c *Client) List(ctx context.Context, from Request, opts ListOptions) iter.Seq2[*Shipment, error] {
	return func(yield func(*Shipment, error) bool) {
		car, err := c.carrierFor(&from)
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			yield(nil, err)
			return
		}
		l, ok := car.(Lister)
		if !ok {
			yield(nil, fmt.Errorf("tracking: carrier %q cannot list trackings: %w", from.Carrier, ErrUnsupported))
			return
		}
		cred, err := c.credentialFor(ctx, from)
		if err != nil {
			yield(nil, err)
			return
		}
		for s, err := range l.List(ctx, opts, cred) {
			if !yield(s, err) {
				return
			}
		}
	}
}
