package auspost

import (
	"encoding/json"

	"github.com/parcelkit/tracking/internal/decode"
)

// trackResponse is the answer of GET /track. There is no envelope: a
// success holds tracking_results; a whole-request failure holds errors
// (with HTTP 400, 401 or 429, and sometimes 200).
type trackResponse struct {
	TrackingResults []trackingResult `json:"tracking_results"`
	Errors          []errorItem      `json:"errors"`
	Warnings        []errorItem      `json:"warnings"`
}

// trackingResult is one requested id's answer. One struct covers the three
// shapes: an article (trackable_items with article fields), an AP
// consignment (trackable_items with consignment_id and items[]) and a
// StarTrack consignment (consignment plus trackable_items).
type trackingResult struct {
	TrackingID     decode.String   `json:"tracking_id"`
	Status         decode.String   `json:"status"`
	Errors         []errorItem     `json:"errors"`
	Consignment    *consignment    `json:"consignment"`
	TrackableItems []trackableItem `json:"trackable_items"`
}

// consignment is a StarTrack consignment's own level.
type consignment struct {
	Status decode.String `json:"status"`
	Events []event       `json:"events"`
}

// trackableItem is an article, or an AP consignment whose articles are in
// Items (which use the article fields only).
type trackableItem struct {
	ArticleID     decode.String   `json:"article_id"`
	ProductType   decode.String   `json:"product_type"`
	Status        decode.String   `json:"status"`
	Events        []event         `json:"events"`
	ConsignmentID decode.String   `json:"consignment_id"`
	NumberOfItems decode.Int      `json:"number_of_items"`
	Items         []trackableItem `json:"items"`
}

// event is one scan. location is missing on electronic-information events.
type event struct {
	Location    decode.String `json:"location"`
	Description decode.String `json:"description"`
	Date        decode.String `json:"date"`
}

// errorItem is one error, whichever keys the answer used: gateway errors
// say error_code and error_name, the API code and name, some message or
// error_description.
type errorItem struct {
	Code    string
	Name    string
	Message string
}

// UnmarshalJSON reads the code from code, error_code or error, the name
// from name or error_name, and the message from message or
// error_description. A bare string is taken as the message.
func (e *errorItem) UnmarshalJSON(b []byte) error {
	var text decode.String
	if json.Unmarshal(b, &text) == nil {
		*e = errorItem{Message: string(text)}
		return nil
	}
	var raw struct {
		Code             decode.String `json:"code"`
		ErrorCode        decode.String `json:"error_code"`
		Error            decode.String `json:"error"`
		Name             decode.String `json:"name"`
		ErrorName        decode.String `json:"error_name"`
		Message          decode.String `json:"message"`
		ErrorDescription decode.String `json:"error_description"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*e = errorItem{
		Code:    firstOf(raw.Code, raw.ErrorCode, raw.Error),
		Name:    firstOf(raw.Name, raw.ErrorName),
		Message: firstOf(raw.Message, raw.ErrorDescription),
	}
	return nil
}

// text is what the error says, for APIError.Message.
func (e errorItem) text() string {
	switch {
	case e.Message == "":
		return e.Name
	case e.Name == "" || e.Name == e.Message:
		return e.Message
	}
	return e.Name + ": " + e.Message
}

func firstOf(vs ...decode.String) string {
	for _, v := range vs {
		if v != "" {
			return string(v)
		}
	}
	return ""
}
