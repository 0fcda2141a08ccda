package techtrack

// Wire is every part of techTRACK's wire format that is not public: the
// header names, paths and JSON field names below come from one community
// client and from guesses patterned on it (the create call), not from
// techTRACK's Swagger. They are all here, and only here, so that a user
// who has checked the Swagger (https://techtrack.cloud/api/docs/ui/index)
// can adjust them with WithWire without forking.
//
// A field left empty takes DefaultWire's value, so a Wire may name only
// what differs:
//
//	w := techtrack.Wire{Create: techtrack.CreateFields{CredentialCode: "credentialCode"}}
//	c := techtrack.New(techtrack.WithBaseURL(root), techtrack.WithWire(w))
type Wire struct {
	// APIKeyHeader carries the credential's api_key (the portal's "API
	// Key"); SecretHeader its api_secret (the portal's "Password
	// (Secret)"). Which goes in which is a guess from one client.
	APIKeyHeader string
	SecretHeader string

	// EventsPath is the GET that reads a number's events, below the base
	// URL; TrackingNumbersParam is its query parameter (PascalCase).
	EventsPath           string
	TrackingNumbersParam string
	// Events names the fields of that answer.
	Events EventFields

	// CreateMethod and CreatePath create (register) a tracking: an
	// assumption patterned on EventsPath, not seen in any client.
	CreateMethod string
	CreatePath   string
	// Create names the fields of the create body (assumed camelCase).
	Create CreateFields
}

// EventFields are the JSON names in the events answer:
// {List: [{Name, Description, Category, DateTime: {Local, UTC},
// AccessLevel, Location: {City, State}}]}.
type EventFields struct {
	List        string
	Name        string
	Description string
	Category    string
	DateTime    string
	Local       string
	UTC         string
	AccessLevel string
	Location    string
	City        string
	State       string
}

// CreateFields are the JSON names in the create body.
type CreateFields struct {
	TrackingNumber string
	CarrierCode    string
	// CredentialCode carries the techTRACK carrier credential's code; it is
	// sent whenever the credential has a code (see the package doc).
	CredentialCode string
}

// DefaultWire returns the names the carrier uses unless WithWire changes
// them.
func DefaultWire() Wire {
	return Wire{
		APIKeyHeader:         "x-api-key",
		SecretHeader:         "x-user-key",
		EventsPath:           "/api/v2/event/get-by-tracking-numbers",
		TrackingNumbersParam: "TrackingNumbers",
		Events: EventFields{
			List: "events", Name: "name", Description: "description", Category: "category",
			DateTime: "dateTime", Local: "local", UTC: "utc", AccessLevel: "accessLevel",
			Location: "location", City: "city", State: "state",
		},
		CreateMethod: "POST",
		CreatePath:   "/api/v2/tracking/create",
		Create: CreateFields{
			TrackingNumber: "trackingNumber",
			CarrierCode:    "carrierCode",
			CredentialCode: "carrierCredentialsCode",
		},
	}
}

// withDefaults fills w's empty fields from DefaultWire.
func (w Wire) withDefaults() Wire {
	d := DefaultWire()
	or := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	or(&w.APIKeyHeader, d.APIKeyHeader)
	or(&w.SecretHeader, d.SecretHeader)
	or(&w.EventsPath, d.EventsPath)
	or(&w.TrackingNumbersParam, d.TrackingNumbersParam)
	e, de := &w.Events, d.Events
	or(&e.List, de.List)
	or(&e.Name, de.Name)
	or(&e.Description, de.Description)
	or(&e.Category, de.Category)
	or(&e.DateTime, de.DateTime)
	or(&e.Local, de.Local)
	or(&e.UTC, de.UTC)
	or(&e.AccessLevel, de.AccessLevel)
	or(&e.Location, de.Location)
	or(&e.City, de.City)
	or(&e.State, de.State)
	or(&w.CreateMethod, d.CreateMethod)
	or(&w.CreatePath, d.CreatePath)
	or(&w.Create.TrackingNumber, d.Create.TrackingNumber)
	or(&w.Create.CarrierCode, d.Create.CarrierCode)
	or(&w.Create.CredentialCode, d.Create.CredentialCode)
	return w
}
