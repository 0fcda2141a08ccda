package couriers

import (
	"testing"
)

// detectCase is one number and the best match Detect must give. Valid
// numbers are the couriers' published samples as collected in
// jkeen/tracking_number_data (couriers/*.json), the UPU S10 standard's
// example (RB123456785GB) and Australia Post's API documentation; the
// invalid ones change one check digit, the length or the prefix.
type detectCase struct {
	number  string
	courier string
	format  string
	checked bool
	// num is Match.Number when it is not the normalized input.
	num     string
	country string
}

var validCases = []detectCase{
	{number: "1Z5R89390357567127", courier: UPS, format: FormatUPS1Z, checked: true},
	{number: "1Z879E930346834440", courier: UPS, format: FormatUPS1Z, checked: true},
	{number: "1z410e7w0392751591", courier: UPS, format: FormatUPS1Z, checked: true, num: "1Z410E7W0392751591"},
	{number: "1Z 8V9 2A7 036 720 302 4", courier: UPS, format: FormatUPS1Z, checked: true, num: "1Z8V92A70367203024"},
	{number: "986578788855", courier: FedEx, format: FormatFedEx12, checked: true},
	{number: "799531274483", courier: FedEx, format: FormatFedEx12, checked: true},
	{number: " 7 9 0 5 3 5 3 1 2 3 1 7 ", courier: FedEx, format: FormatFedEx12, checked: true, num: "790535312317"},
	{number: "0414 4176 0228 964", courier: FedEx, format: FormatFedEx15, checked: true, num: "041441760228964"},
	{number: "5682-8361-0012-734", courier: FedEx, format: FormatFedEx15, checked: true, num: "568283610012734"},
	{number: "61299998820821171811", courier: FedEx, format: FormatFedExSmartPost, checked: true},
	{number: "9611020987654312345672", courier: FedEx, format: FormatFedExGround96, checked: true, num: "987654312345672"},
	{number: "1001901781990001000300617767839437", courier: FedEx, format: FormatFedEx34, checked: true, num: "617767839437"},
	{number: "1002297871540001000300790695517286", courier: FedEx, format: FormatFedEx34, checked: true, num: "790695517286"},
	{number: "9622001560001234567100794808390594", courier: FedEx, format: FormatFedExGSN, checked: true},
	{number: "00 0123 4500 0000 0027", courier: FedEx, format: FormatSSCC18, checked: true, num: "000123450000000027"},
	{number: "9400 1112 0108 0805 4830 16", courier: USPS, format: FormatUSPSIMpb, checked: true, num: "9400111201080805483016"},
	{number: "9361 2898 7870 0317 6337 95", courier: USPS, format: FormatUSPSIMpb, checked: true, num: "9361289878700317633795"},
	{number: "92748931507708513018050063", courier: USPS, format: FormatUSPSIMpb, checked: true},
	{number: "420 22153 9101026837331000039521", courier: USPS, format: FormatUSPSIMpb, checked: true, num: "9101026837331000039521"},
	{number: "4201028200009261290113185417468510", courier: USPS, format: FormatUSPSIMpb, checked: true, num: "9261290113185417468510"},
	{number: "7196 9010 7560 0307 7385", courier: USPS, format: FormatUSPSIMpb, checked: true, num: "71969010756003077385"},
	{number: "0307 1790 0005 2348 3741", courier: USPS, format: FormatUSPS20, checked: true, num: "03071790000523483741"},
	{number: "RB123456785GB", courier: RoyalMail, format: FormatS10, checked: true, country: "GB"},
	{number: "rb 123 456 785 us", courier: USPS, format: FormatS10, checked: true, num: "RB123456785US", country: "US"},
	{number: "RB123456785AU", courier: AusPost, format: FormatS10, checked: true, country: "AU"},
	{number: "RB123456785CA", courier: CanadaPost, format: FormatS10, checked: true, country: "CA"},
	{number: "RB123456785NL", courier: "postnl", format: FormatS10, checked: true, country: "NL"},
	{number: "3318810025", courier: DHL, format: FormatDHLExpress, checked: true},
	{number: "73891051146", courier: DHL, format: FormatDHLExpress, checked: true},
	{number: "JJD0099999999", courier: DHL, format: FormatDHLPieceID},
	{number: "JVGL0999999990", courier: DHL, format: FormatDHLPieceID},
	{number: "GM2951173225174494", courier: DHLECommerce, format: FormatDHLECommerce},
	{number: "GM 2 9 5 117 32 25 1 7 44 9 4", courier: DHLECommerce, format: FormatDHLECommerce, num: "GM2951173225174494"},
	{number: "TBA502887274000", courier: Amazon, format: FormatAmazonTBA},
	{number: "0073938000549297", courier: CanadaPost, format: FormatCanadaPost16, checked: true},
	{number: "00 81827 0998 0000 0200 33 350 276 C", courier: DPD, format: FormatDPD, checked: true, num: "008182709980000020033350276C"},
	{number: "0081 827 0998 0000 0200 45 327 276 N", courier: DPD, format: FormatDPD, checked: true, num: "008182709980000020045327276N"},
	{number: "C11031500001879", courier: OnTrac, format: FormatOnTracC, checked: true},
	{number: "C 110 31 500 00187 9", courier: OnTrac, format: FormatOnTracC, checked: true, num: "C11031500001879"},
	{number: "D10011354453707", courier: OnTrac, format: FormatOnTracD, checked: true},
	{number: "LX17635036", courier: LaserShip, format: FormatLaserShipLX},
	{number: "1LS717793482164", courier: LaserShip, format: FormatLaserShip1LS},
	{number: "1LS7119013618127-1", courier: LaserShip, format: FormatLaserShip1LS, num: "1LS71190136181271"},
	{number: "320595463938", courier: Purolator, format: FormatPurolator12, checked: true},
	{number: "KYV009956937", courier: Purolator, format: FormatPurolatorAlpha},
	{number: "JJD0002257639032011", courier: Yodel, format: FormatYodel},
	{number: "JD0002242617644732", courier: Yodel, format: FormatYodel},
	{number: "YT2229521272164446", courier: YunExpress, format: FormatYunExpress},
	{number: "D576002440000001718010", courier: Canpar, format: FormatCanpar},
	{number: "LTN74207623N1", courier: LandmarkGlobal, format: FormatLandmarkLTN},
	{number: "07209562763", courier: OldDominion, format: FormatOldDominion, checked: true},
	{number: "80003280379", courier: OldDominion, format: FormatOldDominion, checked: true},
	{number: "SP029692510000920746", courier: SpeeDee, format: FormatSpeeDee},
	{number: "GFUS01011884214464", courier: GOFO, format: FormatGOFO},
	{number: "7XX1000000000001", courier: AusPost, format: FormatAusPostArticle},
	{number: "2JD020603601000931508", courier: AusPost, format: FormatAusPostArticle},
	{number: "2JD0206036", courier: AusPost, format: FormatAusPostConsignment},
	{number: "LKIZ50000387EXP00001", courier: StarTrack, format: FormatStarTrackArticle},
	{number: "LKIZ50000387", courier: StarTrack, format: FormatStarTrackConsignment},
}

func TestDetectValid(t *testing.T) {
	for _, tc := range validCases {
		t.Run(tc.number, func(t *testing.T) {
			ms := Detect(tc.number)
			if len(ms) == 0 {
				t.Fatalf("Detect(%q) = nothing; want %s/%s", tc.number, tc.courier, tc.format)
			}
			want := tc.num
			if want == "" {
				want = tc.number
			}
			got := ms[0]
			if got.Courier != tc.courier || got.Format != tc.format || got.Checked != tc.checked || got.Number != want || got.Country != tc.country {
				t.Errorf("Detect(%q)[0] = %+v; want {%s %s %s %v %s} (all: %+v)", tc.number, got, tc.courier, tc.format, want, tc.checked, tc.country, ms)
			}
			if _, ok := Lookup(got.Courier); !ok {
				t.Errorf("Detect(%q) names courier %q, which is not in the registry", tc.number, got.Courier)
			}
		})
	}
}

// invalidCases never match the named format. failsCheck says whether the
// number still fits the pattern (so Failures must name the format).
var invalidCases = []struct {
	number     string
	format     string
	failsCheck bool
}{
	// Wrong check digit.
	{"1Z1111111111111111", FormatUPS1Z, true},
	{"1Z5R89390357567128", FormatUPS1Z, true},
	{"996578788855", FormatFedEx12, true},
	{"5682 8361 0012 732", FormatFedEx15, true},
	{"000000000000000001", FormatSSCC18, true},
	{"9600000000000000000001", FormatFedExGround96, true},
	{"1001901781990001000300617767839438", FormatFedEx34, true},
	{"9622001560001234567100794808390595", FormatFedExGSN, true},
	{"9261292700768711948020", FormatFedExSmartPost, true},
	{"9261292700768711948020", FormatUSPSIMpb, true},
	{"4201028200009261290113185417468511", FormatUSPSIMpb, true},
	{"0307 1790 0005 2348 3742", FormatUSPS20, true},
	{"RB123456786US", FormatS10, true},
	{"3318810010", FormatDHLExpress, true},
	{"3318810034", FormatDHLExpress, true},
	{"0073938000549292", FormatCanadaPost16, true},
	{"008182709980000020033350276A", FormatDPD, true},
	{"C11031500001889", FormatOnTracC, true},
	{"D10011345983012", FormatOnTracD, true},
	{"320595463939", FormatPurolator12, true},
	{"07209562773", FormatOldDominion, true},
	// Wrong length.
	{"1Z5R8939035756712", FormatUPS1Z, false},
	{"98657878885", FormatFedEx12, false},
	{"RB12345678GB", FormatS10, false},
	{"TBA50288727400", FormatAmazonTBA, false},
	{"GFUS0101188421446", FormatGOFO, false},
	{"YT123456789012345", FormatYunExpress, false},
	{"JD000225440506099", FormatYodel, false},
	{"D57600244000000251000", FormatCanpar, false},
	{"KY009956937", FormatPurolatorAlpha, false},
	{"33188100255", FormatDHLExpress, true}, // 11 digits: a DHL number by length, but not by mod 7
	{"331881002", FormatDHLExpress, false},
	// Wrong prefix or letters.
	{"2Z5R89390357567127", FormatUPS1Z, false},
	{"1A5R89390357567127", FormatUPS1Z, false},
	{"RB123456785XX", FormatS10, false}, // no operator for XX
	{"TBB000000000000", FormatAmazonTBA, false},
	{"TBA50288727400A", FormatAmazonTBA, false},
	{"XJD0099999998", FormatDHLPieceID, false},
	{"GS295117494011169041", FormatDHLECommerce, false},
	{"M576002440000002510003", FormatCanpar, false},
	{"1LS734505321754", FormatLaserShip1LS, false},
	{"LA17635036", FormatLaserShipLX, false},
	{"LSN74209518N1", FormatLandmarkLTN, false},
	{"SX029692510000920746", FormatSpeeDee, false},
	{"JC0002254405060992", FormatYodel, false},
	{"10000000000", FormatOldDominion, false},
	{"620595463938", FormatPurolator12, false},
	{"9200000000000000000000", FormatFedExGround96, false},
	{"1234567890123456", FormatAusPostArticle, false}, // no letter in the location id
	{"123456789012", FormatStarTrackConsignment, false},
}

func TestDetectInvalid(t *testing.T) {
	for _, tc := range invalidCases {
		t.Run(tc.format+"/"+tc.number, func(t *testing.T) {
			for _, m := range Detect(tc.number) {
				if m.Format == tc.format {
					t.Errorf("Detect(%q) reports %+v; want no %s match", tc.number, m, tc.format)
				}
			}
			found := false
			for _, f := range Failures(tc.number) {
				found = found || f.Format == tc.format
			}
			if found != tc.failsCheck {
				t.Errorf("Failures(%q) names %s: %v; want %v", tc.number, tc.format, found, tc.failsCheck)
			}
		})
	}
}

func TestDetectNothing(t *testing.T) {
	for _, s := range []string{"", " ", "-", "hello", "12345", "1Z", "ABC-DEF", "RB123456785GB!", "RB123456785GB\x00",
		"１２３", "0000000000000000000000000000000000000000000000000", "\xff\xfe"} {
		if ms := Detect(s); ms != nil {
			t.Errorf("Detect(%q) = %+v; want nil", s, ms)
		}
	}
}

// TestDetectOrder checks the ranking: a verified check digit before a bare
// pattern, and a specific format before a generic one.
func TestDetectOrder(t *testing.T) {
	// 22 digits starting 92: USPS IMpb and FedEx SmartPost, both checked;
	// USPS, whose scheme it is, first.
	ms := Detect("9261292700768711948021")
	if len(ms) != 2 || ms[0].Format != FormatUSPSIMpb || ms[1].Format != FormatFedExSmartPost {
		t.Errorf("Detect(9261292700768711948021) = %+v; want usps_impb then fedex_smartpost", ms)
	}
	// A LaserShip LX number also fits an Australia Post consignment id;
	// both unchecked, LaserShip's fixed prefix first.
	ms = Detect("LX17635036")
	if len(ms) != 2 || ms[0].Courier != LaserShip || ms[1].Courier != AusPost {
		t.Errorf("Detect(LX17635036) = %+v; want lasership then auspost", ms)
	}
	// Checked beats unchecked whatever the table order.
	ms = Detect("287809468872")
	for i, m := range ms {
		if !m.Checked {
			t.Errorf("Detect(287809468872)[%d] = %+v unchecked; every match here has a check digit", i, m)
		}
	}
	for _, tc := range validCases {
		ms := Detect(tc.number)
		for i := 1; i < len(ms); i++ {
			if !ms[i-1].Checked && ms[i].Checked {
				t.Errorf("Detect(%q): unchecked %s before checked %s", tc.number, ms[i-1].Format, ms[i].Format)
			}
		}
	}
}

func TestDetectEveryFormatHasAValidCase(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range validCases {
		for _, m := range Detect(tc.number) {
			seen[m.Format] = true
		}
	}
	for _, f := range formats {
		if !seen[f.name] && f.name != FormatFedEx32 {
			t.Errorf("format %s has no valid example in validCases", f.name)
		}
	}
}

// FedEx's 32-digit barcode has no published sample; this one is built
// from the 12-digit sample 986578788855 behind twenty digits of form data.
func TestDetectFedEx32(t *testing.T) {
	ms := Detect("10019213342500010003" + "986578788855")
	found := false
	for _, m := range ms {
		if m.Format == FormatFedEx32 {
			found = true
			if !m.Checked || m.Number != "986578788855" || m.Courier != FedEx {
				t.Errorf("fedex_express_32 match = %+v", m)
			}
		}
	}
	if !found {
		t.Errorf("Detect(32 digits ending in a FedEx number) = %+v; want a fedex_express_32 match", ms)
	}
	if ms := Detect("10019213342500010003" + "986578788856"); len(ms) != 0 {
		for _, m := range ms {
			if m.Format == FormatFedEx32 {
				t.Errorf("wrong check digit reported: %+v", m)
			}
		}
	}
}

// TestLengthMasks checks that no format matches a length its mask leaves
// out (Detect skips a format by its mask without calling it).
func TestLengthMasks(t *testing.T) {
	for _, s := range allCaseNumbers() {
		var buf [maxLen]byte
		n, ok := normalize(s, &buf)
		if !ok {
			continue
		}
		for _, f := range formats {
			if apply(f.match, n).v != noMatch && f.lens&(1<<len(n)) == 0 {
				t.Errorf("%s matches %q (%d characters) but its mask leaves that length out", f.name, s, len(n))
			}
		}
	}
}

// TestFailuresStrict checks which failures count as evidence of a typo.
func TestFailuresStrict(t *testing.T) {
	for number, want := range map[string]bool{
		"1Z879E930346834441":                 true,  // UPS 1Z
		"RB123456786US":                      true,  // S10
		"9261292700768711948020":             true,  // IMpb with its identifier
		"4201028200009261290113185417468511": true,  // IMpb with routing code
		"996578788855":                       false, // 12 digits
		"3318810010":                         false, // 10 digits, DHL mod 7
		"0307 1790 0005 2348 3742":           false, // 20 digits: legacy USPS and SmartPost forms
		"07209562773":                        false, // Old Dominion: an 11-digit number starting 072
	} {
		fs := Failures(number)
		if len(fs) == 0 {
			t.Errorf("Failures(%q) = none", number)
			continue
		}
		strict := false
		for _, f := range fs {
			strict = strict || f.Strict
		}
		if strict != want {
			t.Errorf("Failures(%q) strict = %v; want %v (%+v)", number, strict, want, fs)
		}
	}
}

func TestSuggestAgreesWithDetect(t *testing.T) {
	for _, s := range allCaseNumbers() {
		got, ok := Suggest(s)
		ms := Detect(s)
		wantOK := len(ms) > 0 && (ms[0].Checked || len(ms) == 1)
		if ok != wantOK || (ok && got != ms[0].Courier) {
			t.Errorf("Suggest(%q) = %q, %v; Detect = %+v", s, got, ok, ms)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { Suggest("1Z879E930346834440") }); allocs != 0 {
		t.Errorf("Suggest allocates %v times", allocs)
	}
}

func TestMistyped(t *testing.T) {
	f, ok := Mistyped("1Z 879E 9303 4683 4441")
	if !ok || f.Format != FormatUPS1Z || f.Courier != UPS || f.Number != "1Z879E930346834441" {
		t.Errorf("Mistyped(UPS with a wrong check digit) = %+v, %v", f, ok)
	}
	for _, s := range []string{"1Z879E930346834440", "996578788855", "hello", "", "0307 1790 0005 2348 3742"} {
		if f, ok := Mistyped(s); ok {
			t.Errorf("Mistyped(%q) = %+v; want none", s, f)
		}
		if allocs := testing.AllocsPerRun(50, func() { Mistyped(s) }); allocs != 0 {
			t.Errorf("Mistyped(%q) allocates %v times", s, allocs)
		}
	}
}

// allCaseNumbers returns the numbers of validCases and invalidCases.
func allCaseNumbers() []string {
	var numbers []string
	for _, tc := range validCases {
		numbers = append(numbers, tc.number)
	}
	for _, tc := range invalidCases {
		numbers = append(numbers, tc.number)
	}
	return numbers
}
