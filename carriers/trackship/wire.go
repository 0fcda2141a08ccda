package trackship

import "github.com/parcelkit/tracking/internal/decode"

// Paths below the base URL. The trailing slashes are as documented; the
// delete and supported-carriers routes are known from TrackShip's
// WooCommerce plugin only.
const (
	pathGet      = "/v1/shipment/get/"
	pathCreate   = "/v1/shipment/create/"
	pathDelete   = "/v1/shipment/delete"
	pathCarriers = "/v1/shipping_carriers/supported"
)

// Header names. TrackShip wants both on every authenticated call.
const (
	headerAPIKey  = "trackship-api-key"
	headerAppName = "app-name"
)

// getRequest is the body of POST /shipment/get/. tracking_provider is sent
// whenever it is known: the documentation disagrees on whether it is
// required.
type getRequest struct {
	TrackingNumber   string `json:"tracking_number"`
	TrackingProvider string `json:"tracking_provider,omitempty"`
}

// createRequest is the body of POST /shipment/create/ (the Cloud variant's
// optional customer and address fields included).
type createRequest struct {
	TrackingNumber     string `json:"tracking_number"`
	TrackingProvider   string `json:"tracking_provider"`
	OrderID            string `json:"order_id"`
	PostalCode         string `json:"postal_code,omitempty"`
	DestinationCountry string `json:"destination_country,omitempty"`
	CustomerName       string `json:"customer_name,omitempty"`
	CustomerEmail      string `json:"customer_email,omitempty"`
	CustomerPhone      string `json:"customer_phone,omitempty"`
	ShippingAddress1   string `json:"shipping_address_1,omitempty"`
	ShippingAddress2   string `json:"shipping_address_2,omitempty"`
	ShippingCity       string `json:"shipping_city,omitempty"`
	ShippingState      string `json:"shipping_state,omitempty"`
	ShippingPostcode   string `json:"shipping_postcode,omitempty"`
}

// deleteRequest is the body of POST /shipment/delete.
type deleteRequest struct {
	OrderID          string `json:"order_id"`
	TrackingNumber   string `json:"tracking_number"`
	TrackingProvider string `json:"tracking_provider"`
}

// envelope is every answer's outer shape: create says status "ok" and puts
// its verdict in status_msg; get says "success" or "error" with message.
type envelope struct {
	Status          decode.String `json:"status"`
	StatusMsg       decode.String `json:"status_msg"`
	Message         decode.String `json:"message"`
	TrackersBalance decode.Int    `json:"trackers_balance"`
	UserPlan        decode.String `json:"user_plan"`
	Data            *shipmentData `json:"data"`
}

// shipmentData is a shipment, as get's data and as a webhook's top level.
type shipmentData struct {
	UserKey                 decode.String `json:"user_key"` // webhook only; the API key, never kept
	OrderID                 decode.String `json:"order_id"`
	TrackingNumber          decode.String `json:"tracking_number"`
	TrackingProvider        decode.String `json:"tracking_provider"`
	TrackingEventStatus     decode.String `json:"tracking_event_status"`
	TrackingEstDeliveryDate decode.String `json:"tracking_est_delivery_date"`
	OriginCountry           decode.String `json:"origin_country"`
	DestinationCountry      decode.String `json:"destination_country"`
	DeliveryNumber          decode.String `json:"delivery_number"`
	DeliveryProvider        decode.String `json:"delivery_provider"`
	ShippingService         decode.String `json:"shipping_service"`
	LastEventTime           decode.String `json:"last_event_time"`
	FirstEventTime          decode.String `json:"first_event_time"`
	UpdatedAt               decode.String `json:"updated_at"`
	Events                  []event       `json:"events"`
	// The plugin reads destination_events; the webhook documentation's
	// sample says tracking_destination_events. Both are accepted.
	DestinationEvents         []event `json:"destination_events"`
	TrackingDestinationEvents []event `json:"tracking_destination_events"`
}

// event is a TrackingDetail, in EasyPost's tracker vocabulary.
type event struct {
	Message      decode.String `json:"message"`
	Description  decode.String `json:"description"`
	Status       decode.String `json:"status"`
	StatusDetail decode.String `json:"status_detail"`
	Datetime     decode.String `json:"datetime"`
	Source       decode.String `json:"source"`
	Location     *location     `json:"tracking_location"`
}

type location struct {
	City    decode.String `json:"city"`
	State   decode.String `json:"state"`
	Country decode.String `json:"country"`
	Zip     decode.String `json:"zip"`
}

// carriersResponse is GET /shipping_carriers/supported.
type carriersResponse struct {
	Data []struct {
		Label decode.String `json:"label"`
		Slug  decode.String `json:"slug"`
	} `json:"data"`
}
