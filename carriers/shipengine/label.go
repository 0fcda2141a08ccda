package shipengine

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/credentials"
	"github.com/parcelkit/tracking/internal/carrierkit"
)

// TrackLabel asks where the parcel of a label created in ShipEngine is:
// GET /v1/labels/{label_id}/track. labelID is the label's se_id (for
// example "se-28529731"); no carrier code is needed. An unknown label
// gives an error matching tracking.ErrNotFound.
func (c *Carrier) TrackLabel(ctx context.Context, labelID string, cred credentials.Credential) (*tracking.Shipment, error) {
	id := strings.TrimSpace(labelID)
	if id == "" {
		return nil, fmt.Errorf("shipengine: empty label id; pass the label's se_id, such as se-28529731: %w", tracking.ErrInvalidRequest)
	}
	seg, err := carrierkit.PathSegment(ID, "the label id", id)
	if err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, cred, http.MethodGet, "/v1/labels/"+seg+"/track", "")
	if err != nil {
		return nil, err
	}
	return decodeShipment(resp.Body)
}
