package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
)

// acmeAPIKey is the key the in-process Acme server accepts.
const acmeAPIKey = "acme-demo-key"

// newAcmeServer starts an in-process stand-in for the Acme API, so that
// the example runs offline.
func newAcmeServer() *httptest.Server {
	parcels := map[string]string{
		"ACME123": `{"number":"ACME123","state":"delivered","events":[
			{"at":"2026-03-02T08:15:00+01:00","state":"moving","text":"Left the hub","city":"Lyon","country":"FR"},
			{"at":"2026-03-03T11:40:00+01:00","state":"on_van","text":"Out for delivery","city":"Paris","country":"FR"},
			{"at":"2026-03-03T15:05:00+01:00","state":"delivered","text":"Delivered to the reception","city":"Paris","country":"FR"}]}`,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/parcels/{number}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("X-Api-Key") != acmeAPIKey {
			w.WriteHeader(http.StatusUnauthorized)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "bad key"})
			return
		}
		body, ok := parcels[r.PathValue("number")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "no such parcel"})
			return
		}
		_, _ = w.Write([]byte(strings.Join(strings.Fields(body), " ")))
	})
	return httptest.NewServer(mux)
}

func decodeJSON(b []byte, v any) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		return errEmpty
	}
	return json.Unmarshal(b, v)
}
