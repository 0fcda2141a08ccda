package track123

import (
	"bytes"
	"errors"
	"net/url"
	"strings"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/internal/decode"
)

// ParseWebhook decodes a Track123 webhook body into normalized shipments
// with this carrier's status mapping. It reads both shapes Track123 sends:
// the API's, {"data": <tracking>, "verify": {...}} (data may also be an
// array of trackings), and the header-signed variant's, whose tracking
// fields (trackingNumber, transitStatus, carrierInfo, trackInfo[]) are at
// the top level. It does not verify the signature: the webhook package
// does that, on the raw body, before. Zone-less timestamps are read as
// UTC. A body that cannot be read is an error matching
// tracking.ErrInvalidResponse.
func ParseWebhook(body []byte) ([]*tracking.Shipment, error) {
	var w webhookBody
	if err := decode.JSON(ID, body, &w); err != nil {
		return nil, err
	}
	data := bytes.TrimSpace(w.Data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		if strings.TrimSpace(string(w.TrackingNumber)) != "" {
			wt := w.wireAppTracking.tracking()
			return []*tracking.Shipment{decodeTracking(&wt, nil).Shipment}, nil
		}
		return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("the webhook has neither data nor a trackingNumber")}
	}
	var list []wireTracking
	if data[0] == '[' {
		if err := decodeData(data, &list); err != nil {
			return nil, err
		}
	} else {
		var one wireTracking
		if err := decodeData(data, &one); err != nil {
			return nil, err
		}
		list = []wireTracking{one}
	}
	if len(list) == 0 {
		return nil, &tracking.DecodeError{Carrier: ID, Field: "data", Err: errors.New("the webhook holds no tracking")}
	}
	out := make([]*tracking.Shipment, 0, len(list))
	for i := range list {
		if strings.TrimSpace(string(list[i].TrackNo)) == "" {
			return nil, &tracking.DecodeError{Carrier: ID, Field: "data.trackNo", Err: errors.New("a tracking without a number")}
		}
		out = append(out, decodeTracking(&list[i], nil).Shipment)
	}
	return out, nil
}

// tracking restates the app variant in the API's terms, so that both
// shapes go through one decoder and one status mapping.
func (a *wireAppTracking) tracking() wireTracking {
	w := wireTracking{
		TrackNo:          a.TrackingNumber,
		TransitStatus:    a.TransitStatus,
		TransitSubStatus: a.TransitSubStatus,
		ShipTime:         a.FulfillmentDate,
		DeliveredTime:    a.DeliveryDate,
		LastTrackingTime: a.LastTrackingTime,
		OrderNo:          a.OrderName,
		CustomerEmail:    a.Email,
	}
	if a.ShippingAddress != nil {
		w.ShipTo = a.ShippingAddress.CountryCode
	}
	info := &wireLogisticsInfo{TrackingDetails: make([]wireEvent, len(a.TrackInfo))}
	if c := a.CarrierInfo; c != nil {
		info.CourierCode = c.Code
		link := strings.TrimSpace(string(c.QueryLink))
		info.CourierTrackingLink = decode.String(strings.ReplaceAll(link, "{trackingNo}", url.QueryEscape(strings.TrimSpace(string(a.TrackingNumber)))))
	}
	for i, e := range a.TrackInfo {
		info.TrackingDetails[i] = wireEvent{
			Address:          e.EventLocation,
			EventDetail:      e.EventDetail,
			EventTime:        e.EventTime,
			TransitSubStatus: e.TransitSubStatus,
		}
	}
	w.LocalLogisticsInfo = info
	return w
}
