package auspost_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/parcelkit/tracking"
	"github.com/parcelkit/tracking/carriers/auspost"
	"github.com/parcelkit/tracking/carriers/auspost/ausposttest"
)

// A provider answering HTTP 200 with an error envelope that quotes the
// request's Authorization header, the Basic token built from api_key and
// api_secret, must not put the token, or any form of the two fields, in
// any rendering of the error. Each status is tried: the 2xx envelope and
// the error statuses take different paths.
func TestEchoedAuthorizationIsRedacted(t *testing.T) {
	fake := ausposttest.NewServer()
	fake.Close() // only its credential is used
	cred := fake.Credential()
	key, secret := cred.Field(auspost.FieldAPIKey).Reveal(), cred.Field(auspost.FieldAPISecret).Reveal()
	token := base64.StdEncoding.EncodeToString([]byte(key + ":" + secret))
	forms := []string{key, secret, token, "Basic " + token, url.QueryEscape(key + ":" + secret),
		base64.RawURLEncoding.EncodeToString([]byte(key + ":" + secret))}

	for _, status := range []int{http.StatusOK, http.StatusUnauthorized, http.StatusBadRequest} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				auth := r.Header.Get("Authorization")
				user, pass, _ := r.BasicAuth()
				body, _ := json.Marshal(map[string]any{"errors": []map[string]string{{
					"code":    auth,
					"name":    "UNAUTHORISED " + url.QueryEscape(user+":"+pass),
					"message": "header " + auth + " for " + user + "/" + pass + " as " + base64.RawURLEncoding.EncodeToString([]byte(user+":"+pass)),
				}}})
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-Request-Id", auth)
				w.WriteHeader(status)
				_, _ = w.Write(body)
			}))
			t.Cleanup(srv.Close)
			var logs bytes.Buffer
			c := auspost.New(auspost.WithBaseURL(srv.URL), auspost.WithRateLimit(rate.Inf, 1), auspost.WithRetry(fastRetry),
				auspost.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			_, err := c.Track(t.Context(), tracking.Request{TrackingNumber: ausposttest.NumberDelivered}, cred)
			require.Error(t, err)
			var apiErr *tracking.APIError
			require.ErrorAs(t, err, &apiErr, "the envelope became an APIError")

			slog.New(slog.NewJSONHandler(&logs, nil)).Error("track failed", "err", err, "api_error", apiErr)
			slog.New(slog.NewTextHandler(&logs, nil)).Error("track failed", "err", err)
			js, jerr := json.Marshal(apiErr)
			require.NoError(t, jerr)
			renderings := map[string]string{
				"%v": fmt.Sprintf("%v", err), "%+v": fmt.Sprintf("%+v", err), "%#v": fmt.Sprintf("%#v", apiErr),
				"Error()": err.Error(), "JSON": string(js), "slog": logs.String(),
				"code": apiErr.Code, "message": apiErr.Message, "request id": apiErr.RequestID,
			}
			for name, text := range renderings {
				for _, f := range forms {
					assert.NotContains(t, text, f, "%s holds a form of the credential", name)
				}
			}
			assert.Contains(t, err.Error(), "[REDACTED]", "the error says something was hidden")
		})
	}
}
