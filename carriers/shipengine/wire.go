package shipengine

import "github.com/parcelkit/tracking/internal/decode"

// ShipEngine's JSON. Fields the spec marks required arrive as null, and
// numbers arrive where strings are documented (carrier_status_code,
// postal_code), so every scalar is a tolerant decode type. Unknown fields
// are ignored. carrier_id, an integer in tracking payloads and an se_id
// string elsewhere, is not read from tracking payloads: the model has no
// place for it.

// trackingInfo is tracking_information: the body of GET /v1/tracking and
// GET /v1/labels/{label_id}/track, and the data of track webhooks.
type trackingInfo struct {
	TrackingNumber           decode.String `json:"tracking_number"`
	TrackingURL              decode.String `json:"tracking_url"`
	StatusCode               decode.String `json:"status_code"`
	StatusDetailCode         decode.String `json:"status_detail_code"`
	StatusDescription        decode.String `json:"status_description"`
	StatusDetailDescription  decode.String `json:"status_detail_description"`
	CarrierCode              decode.String `json:"carrier_code"`
	CarrierStatusDescription decode.String `json:"carrier_status_description"`
	ExceptionDescription     decode.String `json:"exception_description"`
	ShipDate                 decode.String `json:"ship_date"`
	EstimatedDeliveryDate    decode.String `json:"estimated_delivery_date"`
	ActualDeliveryDate       decode.String `json:"actual_delivery_date"`
	Events                   []trackEvent  `json:"events"`
}

// trackEvent is track_event.
type trackEvent struct {
	OccurredAt               decode.String `json:"occurred_at"`         // UTC instant
	CarrierOccurredAt        decode.String `json:"carrier_occurred_at"` // local wall clock, usually zone-less
	Description              decode.String `json:"description"`
	EventCode                decode.String `json:"event_code"`
	StatusCode               decode.String `json:"status_code"`
	StatusDetailCode         decode.String `json:"status_detail_code"`
	StatusDescription        decode.String `json:"status_description"`
	CarrierStatusCode        decode.String `json:"carrier_status_code"`
	CarrierStatusDescription decode.String `json:"carrier_status_description"`
	CityLocality             decode.String `json:"city_locality"`
	StateProvince            decode.String `json:"state_province"`
	PostalCode               decode.String `json:"postal_code"`
	CountryCode              decode.String `json:"country_code"`
	Signer                   decode.String `json:"signer"`
	Latitude                 decode.Float  `json:"latitude"`
	Longitude                decode.Float  `json:"longitude"`
}

// errorBody is the error envelope, also sent beside the data of a 207.
type errorBody struct {
	RequestID decode.String `json:"request_id"`
	Errors    []errorItem   `json:"errors"`
}

// errorItem is one entry of errors[].
type errorItem struct {
	ErrorSource decode.String `json:"error_source"`
	ErrorType   decode.String `json:"error_type"`
	ErrorCode   decode.String `json:"error_code"`
	Message     decode.String `json:"message"`
	CarrierID   decode.String `json:"carrier_id"`
	CarrierCode decode.String `json:"carrier_code"`
	FieldName   decode.String `json:"field_name"`
}

// carriersBody is the body of GET /v1/carriers: on 207 it also holds the
// errors of the accounts that could not be loaded.
type carriersBody struct {
	Carriers *[]carrierAccount `json:"carriers"`
	errorBody
}

// carrierAccount is carrier.
type carrierAccount struct {
	CarrierID        decode.String    `json:"carrier_id"`
	CarrierCode      decode.String    `json:"carrier_code"`
	AccountNumber    decode.String    `json:"account_number"`
	Nickname         decode.String    `json:"nickname"`
	FriendlyName     decode.String    `json:"friendly_name"`
	Primary          decode.Bool      `json:"primary"`
	ConnectionStatus decode.String    `json:"connection_status"`
	Services         []carrierService `json:"services"`
}

// carrierService is service.
type carrierService struct {
	ServiceCode   decode.String `json:"service_code"`
	Name          decode.String `json:"name"`
	Domestic      decode.Bool   `json:"domestic"`
	International decode.Bool   `json:"international"`
}

// webhookBody is a track webhook: API_TRACK from api.shipengine.com,
// TRACK_EVENT_V2 from the ShipStation v2 host, with the same data.
type webhookBody struct {
	ResourceType decode.String `json:"resource_type"`
	Data         *trackingInfo `json:"data"`
}
