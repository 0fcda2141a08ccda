package track123

import (
	"encoding/json"

	"github.com/parcelkit/tracking/internal/decode"
)

// headerSecret carries the API secret on every request.
const headerSecret = "Track123-Api-Secret"

// codeSuccess is the envelope code of every successful answer.
const codeSuccess = "00000"

// Endpoints, relative to /tk/<version>/.
const (
	epImport        = "track/import"
	epQuery         = "track/query"
	epRealtime      = "track/query-realtime"
	epUpdate        = "track/update"
	epUpdateCourier = "track/update-courier"
	epDelete        = "track/delete"
	epCouriers      = "courier/list"
)

// timeLayout is the zone-less layout of every timestamp Track123 accepts
// and most it sends.
const timeLayout = "2006-01-02 15:04:05"

// envelope is every answer's outer shape. code is a string ("00000" on
// success); some error bodies say message instead of msg.
type envelope struct {
	Code    decode.String   `json:"code"`
	Msg     decode.String   `json:"msg"`
	Message decode.String   `json:"message"`
	Data    json.RawMessage `json:"data"`
	TraceID decode.String   `json:"traceId"`
}

// text is the envelope's message, whichever key it came under.
func (e *envelope) text() string {
	if e.Msg != "" {
		return string(e.Msg)
	}
	return string(e.Message)
}

// wireError is a rejected item's error.
type wireError struct {
	Code    decode.String `json:"code"`
	Msg     decode.String `json:"msg"`
	Message decode.String `json:"message"`
}

func (e *wireError) text() string {
	if e.Msg != "" {
		return string(e.Msg)
	}
	return string(e.Message)
}

// wireRejected is one item of data.rejected. index has no stated base, so
// rejections are matched on trackNo and courierCode.
type wireRejected struct {
	Index       decode.Int    `json:"index"`
	TrackNo     decode.String `json:"trackNo"`
	OrderNo     decode.String `json:"orderNo"`
	CourierCode decode.String `json:"courierCode"`
	Error       *wireError    `json:"error"`
}

// wireItem is the request item of track/import and track/delete, and what
// their accepted[] echoes.
type wireItem struct {
	TrackNo        string            `json:"trackNo"`
	CourierCode    string            `json:"courierCode,omitempty"`
	OrderNo        string            `json:"orderNo,omitempty"`
	Country        string            `json:"country,omitempty"`
	ShipTime       string            `json:"shipTime,omitempty"`
	CustomerEmail  string            `json:"customerEmail,omitempty"`
	PostalCode     string            `json:"postalCode,omitempty"`
	ExtendFieldMap map[string]string `json:"extendFieldMap,omitempty"`
	Remark         string            `json:"remark,omitempty"`
	Custom1        string            `json:"custom1,omitempty"`
	Custom2        string            `json:"custom2,omitempty"`
}

// wireAcceptedItem is one echoed item of accepted[] (tolerant types).
type wireAcceptedItem struct {
	TrackNo     decode.String `json:"trackNo"`
	CourierCode decode.String `json:"courierCode"`
	OrderNo     decode.String `json:"orderNo"`
}

// batchData is the data of track/import and track/delete.
type batchData struct {
	Accepted []wireAcceptedItem `json:"accepted"`
	Rejected []wireRejected     `json:"rejected"`
}

// trackNoInfo is one number of a v2.1 query.
type trackNoInfo struct {
	TrackNo     string `json:"trackNo"`
	CourierCode string `json:"courierCode,omitempty"`
}

// queryRequest is the body of track/query. v2.1 names the numbers in
// trackNoInfos, v2 in trackNos; the cursor and page size are always sent.
type queryRequest struct {
	TrackNoInfos    []trackNoInfo `json:"trackNoInfos,omitempty"`
	TrackNos        []string      `json:"trackNos,omitempty"`
	OrderNos        []string      `json:"orderNos,omitempty"`
	CreateTimeStart string        `json:"createTimeStart,omitempty"`
	CreateTimeEnd   string        `json:"createTimeEnd,omitempty"`
	QueryPageSize   int           `json:"queryPageSize"`
	Cursor          string        `json:"cursor"`
}

// queryData is the data of track/query: a page of trackings plus the
// numbers Track123 rejected.
type queryData struct {
	Accepted *queryPage     `json:"accepted"`
	Rejected []wireRejected `json:"rejected"`
}

type queryPage struct {
	Content       []wireTracking `json:"content"`
	TotalElements decode.Int     `json:"totalElements"`
	TotalPages    decode.Int     `json:"totalPages"`
	CurrentPage   decode.Int     `json:"currentPage"`
	Cursor        decode.String  `json:"cursor"`
}

// realtimeRequest is the body of track/query-realtime.
type realtimeRequest struct {
	TrackNo     string `json:"trackNo"`
	CourierCode string `json:"courierCode"`
	PostalCode  string `json:"postalCode,omitempty"`
}

// realtimeData is the data of track/query-realtime: accepted is one
// tracking, not a page.
type realtimeData struct {
	Accepted *wireTracking  `json:"accepted"`
	Rejected []wireRejected `json:"rejected"`
}

// updateRequest is the body of track/update.
type updateRequest struct {
	TrackNo        string            `json:"trackNo"`
	CourierCode    string            `json:"courierCode"`
	OrderNo        string            `json:"orderNo,omitempty"`
	CustomerEmail  string            `json:"customerEmail,omitempty"`
	ShipTime       string            `json:"shipTime,omitempty"`
	PostalCode     string            `json:"postalCode,omitempty"`
	Remark         string            `json:"remark,omitempty"`
	Custom1        string            `json:"custom1,omitempty"`
	Custom2        string            `json:"custom2,omitempty"`
	ExtendFieldMap map[string]string `json:"extendFieldMap,omitempty"`
}

// updateCourierRequest is the body of track/update-courier.
type updateCourierRequest struct {
	TrackNo        string `json:"trackNo"`
	CourierCode    string `json:"courierCode"`
	NewCourierCode string `json:"newCourierCode"`
}

// wireCourier is one entry of the courier list.
type wireCourier struct {
	CourierCode     decode.String `json:"courierCode"`
	CourierNameCN   decode.String `json:"courierNameCN"`
	CourierNameEN   decode.String `json:"courierNameEN"`
	CourierHomePage decode.String `json:"courierHomePage"`
}

// wireTracking is a tracking as the query, realtime and webhook answers
// carry it. id is an 18-digit integer: decode.String keeps its digits.
type wireTracking struct {
	ID                   decode.String      `json:"id"`
	TrackNo              decode.String      `json:"trackNo"`
	CreateTime           decode.String      `json:"createTime"`
	NextUpdateTime       decode.String      `json:"nextUpdateTime"`
	OrderNo              decode.String      `json:"orderNo"`
	CustomerEmail        decode.String      `json:"customerEmail"`
	ShipFrom             decode.String      `json:"shipFrom"`
	ShipTo               decode.String      `json:"shipTo"`
	TrackingStatus       decode.String      `json:"trackingStatus"`
	TransitStatus        decode.String      `json:"transitStatus"`
	TransitSubStatus     decode.String      `json:"transitSubStatus"`
	ShipTime             decode.String      `json:"shipTime"`
	DeliveredTime        decode.String      `json:"deliveredTime"`
	LastTrackingTime     decode.String      `json:"lastTrackingTime"`
	Remark               decode.String      `json:"remark"`
	Custom1              decode.String      `json:"custom1"`
	Custom2              decode.String      `json:"custom2"`
	ExpectedDeliveryTime *wireExpected      `json:"expectedDeliveryTime"`
	ExtraInfo            *wireExtraInfo     `json:"extraInfo"`
	LocalLogisticsInfo   *wireLogisticsInfo `json:"localLogisticsInfo"`
}

// wireExpected is the estimated delivery window: zone-less times plus an
// offset (seen in clients only).
type wireExpected struct {
	Start    decode.String `json:"start"`
	End      decode.String `json:"end"`
	Timezone decode.String `json:"timezone"`
}

// wireExtraInfo holds the optional extras; dimensions and weight are not
// read (they arrive as {}).
type wireExtraInfo struct {
	SignedBy decode.String `json:"signedBy"`
}

type wireLogisticsInfo struct {
	CourierCode         decode.String `json:"courierCode"`
	CourierNameEN       decode.String `json:"courierNameEN"`
	CourierTrackingLink decode.String `json:"courierTrackingLink"`
	TrackingDetails     []wireEvent   `json:"trackingDetails"`
}

// wireEvent is one of trackingDetails: eventTimeZeroUTC is the instant,
// eventTime the local time at the offset timezone.
type wireEvent struct {
	Address          decode.String `json:"address"`
	Timezone         decode.String `json:"timezone"`
	EventDetail      decode.String `json:"eventDetail"`
	EventTime        decode.String `json:"eventTime"`
	EventTimeZeroUTC decode.String `json:"eventTimeZeroUTC"`
	TransitSubStatus decode.String `json:"transitSubStatus"`
}

// webhookBody is a webhook delivery in either shape: the API's, with the
// tracking in data and the signature in verify (checked by the webhook
// package, not here), or the header-signed app variant's, with the
// tracking's fields at the top level.
type webhookBody struct {
	Data json.RawMessage `json:"data"`
	wireAppTracking
}

// wireAppTracking is a tracking as the header-signed webhook variant sends
// it (Track123's Shopify app; help-centre article "Track123 Webhook for
// developer"): other field names, title-case statuses, zone-less times.
type wireAppTracking struct {
	TrackingNumber   decode.String   `json:"trackingNumber"`
	TransitStatus    decode.String   `json:"transitStatus"`
	TransitSubStatus decode.String   `json:"transitSubStatus"`
	CarrierInfo      *wireAppCarrier `json:"carrierInfo"`
	DeliveryDate     decode.String   `json:"deliveryDate"`
	FulfillmentDate  decode.String   `json:"fulfillmentDate"`
	LastTrackingTime decode.String   `json:"lastTrackingTime"`
	OrderName        decode.String   `json:"orderName"`
	Email            decode.String   `json:"email"`
	ShippingAddress  *wireAppAddress `json:"shippingAddress"`
	TrackInfo        []wireAppEvent  `json:"trackInfo"`
}

type wireAppCarrier struct {
	Code decode.String `json:"code"`
	// QueryLink holds the placeholder {trackingNo}.
	QueryLink decode.String `json:"queryLink"`
}

type wireAppAddress struct {
	CountryCode decode.String `json:"shippingCountryCode"`
}

type wireAppEvent struct {
	EventTime        decode.String `json:"eventTime"`
	EventDetail      decode.String `json:"eventDetail"`
	EventLocation    decode.String `json:"eventLocation"`
	TransitSubStatus decode.String `json:"transitSubStatus"`
}
