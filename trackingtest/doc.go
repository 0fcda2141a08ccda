// Package trackingtest holds test doubles for code that uses the tracking
// package, and a conformance suite for Carrier implementations.
//
// Applications that mock at the tracking.Tracker interface use Tracker: it
// answers what each tracking number was scripted to answer and records
// every call. Tests of routing and credential resolution through a
// tracking.Client use Carrier (and BatchCarrier), scripted the same way,
// which also record the code of the credential each call was given.
//
// TestCarrier (and CheckCarrier, which returns the failures instead of
// reporting them) checks what every tracking.Carrier must do, in the
// manner of testing/fstest.TestFS: every carrier package in this module
// runs it against its fake server, and a custom carrier can too.
//
// Production code never imports this package.
package trackingtest
