package transport

import "testing"

func TestMaskNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.example.com/v1/trackings/usps/9400111899223100001234": "https://api.example.com/v1/trackings/usps/***1234",
		"https://api.example.com/tk/v2.1/track/query":                      "https://api.example.com/tk/v2.1/track/query",
		"http://h/12345/123456":                                            "http://h/12345/***3456",
		"h/AB123456/x":                                                     "h/***3456/x",
		"h/AB901234/x":                                                     "h/***1234/x", // 0 and 9 are digits too
		"":                                                                 "",
		"https://h":                                                        "https://h",
	} {
		if got := maskNumbers(in); got != want {
			t.Errorf("maskNumbers(%q) = %q, want %q", in, got, want)
		}
	}
	if got := maskNumber("1234"); got != "***" {
		t.Errorf("maskNumber(1234) = %q, want all hidden", got)
	}
	if got := maskNumber("12345"); got != "***2345" {
		t.Errorf("maskNumber(12345) = %q", got)
	}
}
