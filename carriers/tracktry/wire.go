package tracktry

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/parcelkit/tracking/internal/decode"
)

// envelope is every Tracktry answer: meta decides the outcome, data holds
// an object, an array or {items: [...]} depending on the endpoint and, it
// seems, the day.
type envelope struct {
	Meta *wireMeta       `json:"meta"`
	Data json.RawMessage `json:"data"`
}

type wireMeta struct {
	Code    decode.Int    `json:"code"`
	Type    decode.String `json:"type"`
	Message decode.String `json:"message"`
}

// wireTracking is one tracking object (GET, list, realtime, create,
// webhook). Every scalar is tolerant: Tracktry sends numbers as strings and
// nulls freely.
type wireTracking struct {
	ID                 decode.String `json:"id"`
	TrackingNumber     decode.String `json:"tracking_number"`
	CarrierCode        decode.String `json:"carrier_code"`
	Status             decode.String `json:"status"`
	Substatus          decode.String `json:"substatus"`
	CreatedAt          decode.String `json:"created_at"`
	UpdatedAt          decode.String `json:"updated_at"`
	OrderCreateTime    decode.String `json:"order_create_time"`
	CustomerEmail      stringList    `json:"customer_email"`
	CustomerName       decode.String `json:"customer_name"`
	CustomerPhone      decode.String `json:"customer_phone"`
	Title              decode.String `json:"title"`
	OrderID            decode.String `json:"order_id"`
	Comment            decode.String `json:"comment"`
	LogisticsChannel   decode.String `json:"logistics_channel"`
	OriginalCountry    decode.String `json:"original_country"`
	DestinationCountry decode.String `json:"destination_country"`
	ItemTimeLength     decode.Int    `json:"itemTimeLength"`
	StayTimeLength     decode.Int    `json:"stayTimeLength"`
	SingedBy           decode.String `json:"singed_by"` // the documented spelling
	SignedBy           decode.String `json:"signed_by"`
	LastEvent          decode.String `json:"lastEvent"`
	LastUpdateTime     decode.String `json:"lastUpdateTime"`
	Archived           decode.String `json:"archived"`
	Lang               decode.String `json:"lang"`
	OriginInfo         *wireInfo     `json:"origin_info"`
	DestinationInfo    *wireInfo     `json:"destination_info"`
}

// wireInfo is origin_info or destination_info: milestones (zone-less) and
// the events, newest first.
type wireInfo struct {
	Weblink            decode.String `json:"weblink"`
	Phone              decode.String `json:"phone"`
	CarrierCode        decode.String `json:"carrier_code"`
	ItemReceived       decode.String `json:"ItemReceived"`
	ItemDispatched     decode.String `json:"ItemDispatched"`
	DepartfromAirport  decode.String `json:"DepartfromAirport"`
	ArrivalfromAbroad  decode.String `json:"ArrivalfromAbroad"`
	CustomsClearance   decode.String `json:"CustomsClearance"`
	DestinationArrived decode.String `json:"DestinationArrived"`
	TrackInfo          []wireEvent   `json:"trackinfo"`
	TrackInfoAlt       []wireEvent   `json:"track_info"` // one client's spelling
}

// events returns trackinfo, or track_info when trackinfo is empty.
func (i *wireInfo) events() []wireEvent {
	if i == nil {
		return nil
	}
	if len(i.TrackInfo) > 0 {
		return i.TrackInfo
	}
	return i.TrackInfoAlt
}

// wireEvent is one checkpoint. The PascalCase keys are Tracktry's own. It
// is comparable, so identical events can be found with a map.
type wireEvent struct {
	Date              decode.String `json:"Date"`
	StatusDescription decode.String `json:"StatusDescription"`
	Details           decode.String `json:"Details"`
	CheckpointStatus  decode.String `json:"checkpoint_status"`
	Substatus         decode.String `json:"substatus"`
}

// stringList accepts a string, an array of strings, or null:
// customer_email is a string on input and an array in GET answers.
type stringList []string

// UnmarshalJSON implements json.Unmarshaler.
func (l *stringList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var items []decode.String
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		out := make(stringList, 0, len(items))
		for _, it := range items {
			if it != "" {
				out = append(out, string(it))
			}
		}
		*l = out
		return nil
	}
	var s decode.String
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a string or an array of strings: %w", err)
	}
	*l = nil
	if s != "" {
		*l = stringList{string(s)}
	}
	return nil
}

// listData is the data of GET /trackings/get. total may be a string.
type listData struct {
	Page  decode.Int `json:"page"`
	Limit decode.Int `json:"limit"`
	Total decode.Int `json:"total"`
}

// batchData is the data of POST /trackings/batch. errors[] holds objects
// or JSON strings wrapping a meta object.
type batchData struct {
	Submitted decode.Int        `json:"submitted"`
	Added     decode.Int        `json:"added"`
	Trackings []wireTracking    `json:"trackings"`
	Errors    []json.RawMessage `json:"errors"`
}

// batchError is one entry of batchData.Errors, in either form.
type batchError struct {
	TrackingNumber decode.String `json:"tracking_number"`
	CarrierCode    decode.String `json:"carrier_code"`
	Code           decode.Int    `json:"code"`
	Message        decode.String `json:"message"`
	Meta           *wireMeta     `json:"meta"`
}

// createBody is one tracking to create: the body of POST /trackings/post
// and one element of POST /trackings/batch, which names the destination
// specialNumberDestination instead of destination_code.
type createBody struct {
	TrackingNumber           string `json:"tracking_number"`
	CarrierCode              string `json:"carrier_code"`
	DestinationCode          string `json:"destination_code,omitempty"`
	SpecialNumberDestination string `json:"specialNumberDestination,omitempty"`
	Title                    string `json:"title,omitempty"`
	LogisticsChannel         string `json:"logistics_channel,omitempty"`
	CustomerName             string `json:"customer_name,omitempty"`
	CustomerEmail            string `json:"customer_email,omitempty"`
	CustomerPhone            string `json:"customer_phone,omitempty"`
	OrderID                  string `json:"order_id,omitempty"`
	OrderCreateTime          string `json:"order_create_time,omitempty"`
	TrackingShipDate         string `json:"tracking_ship_date,omitempty"`
	TrackingPostalCode       string `json:"tracking_postal_code,omitempty"`
	TrackingAccountNumber    string `json:"tracking_account_number,omitempty"`
	Lang                     string `json:"lang,omitempty"`
	Comment                  string `json:"comment,omitempty"`
}

// updateBody is the body of PUT /trackings/{carrier}/{number}. archived is
// the string "true" or "false"; status the integer 4, 7 or 8.
type updateBody struct {
	Title            string `json:"title,omitempty"`
	LogisticsChannel string `json:"logistics_channel,omitempty"`
	CustomerName     string `json:"customer_name,omitempty"`
	CustomerEmail    string `json:"customer_email,omitempty"`
	CustomerPhone    string `json:"customer_phone,omitempty"`
	OrderID          string `json:"order_id,omitempty"`
	DestinationCode  string `json:"destination_code,omitempty"`
	Archived         string `json:"archived,omitempty"`
	Status           int    `json:"status,omitempty"`
}

// numberBody is the body of POST /trackings/realtime and /carriers/detect.
type numberBody struct {
	TrackingNumber string `json:"tracking_number"`
	CarrierCode    string `json:"carrier_code,omitempty"`
}

// wireCourier is one entry of GET /carriers and POST /carriers/detect.
type wireCourier struct {
	Name     decode.String `json:"name"`
	Code     decode.String `json:"code"`
	Phone    decode.String `json:"phone"`
	Homepage decode.String `json:"homepage"`
	Type     decode.String `json:"type"`
	Picture  decode.String `json:"picture"`
	NameCN   decode.String `json:"name_cn"`
}
