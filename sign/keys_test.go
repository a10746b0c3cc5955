package sign_test

// testKeyPairs are throwaway keys made for these tests only: name →
// {signing key, verifying key}. "-other" entries are a second, unrelated
// pair for wrong-key and rotation cases.
var testKeyPairs = map[string][2]string{
	"discord":       {"28b20646421407a21c4e60b95bbec55c24c08a215044f7bc19a7d6bbff043af9", "c5c41ae57a6d50b7b9eaa2eb6680c760c2e72ebfce40cd397f0ec839528cc4a9"},
	"discord-other": {"23bb33a950d13ec31b59490c5e313c30ec36a5b9a1e3e0257543889b7c2381e1", "839b1e957cde7576791fcd7ea2c652fc06ffd8daefddc59ba5e5bf61805f9a96"},
	"sendgrid": {
		"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPEPOs3iSYQNb3hEqWLIn7Z6i5GxXPqOX18fowh1ubRehRANCAASlHuF2+pZSMDkeLbjv5QkjUdqpFl1D5MuHCTS1/iogzULDBdiPaTcjf0QvqvyQiFP69hUP7vbBw/8g5Qwx9i2k",
		"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpR7hdvqWUjA5Hi247+UJI1HaqRZdQ+TLhwk0tf4qIM1CwwXYj2k3I39EL6r8kIhT+vYVD+72wcP/IOUMMfYtpA==",
	},
	"plaid": {
		"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPEPOs3iSYQNb3hEqWLIn7Z6i5GxXPqOX18fowh1ubRehRANCAASlHuF2+pZSMDkeLbjv5QkjUdqpFl1D5MuHCTS1/iogzULDBdiPaTcjf0QvqvyQiFP69hUP7vbBw/8g5Qwx9i2k",
		"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpR7hdvqWUjA5Hi247+UJI1HaqRZdQ+TLhwk0tf4qIM1CwwXYj2k3I39EL6r8kIhT+vYVD+72wcP/IOUMMfYtpA==",
	},
	"plaid-other": {
		"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0nZT+NNspjQLEdOYeBLqLyc3YQiJB6sUxnCua2pnTCShRANCAAScFu7WJPSZ6L7lOMuxdxZLEVEhEpAOkyd1saAghJ5AkpFUMMJjrWrbml7jeEwB9NG5sCZYWm8GtFdWA1fGQ9iT",
		"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEnBbu1iT0mei+5TjLsXcWSxFRIRKQDpMndbGgIISeQJKRVDDCY61q25pe43hMAfTRubAmWFpvBrRXVgNXxkPYkw==",
	},
	"sendgrid-other": {
		"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0nZT+NNspjQLEdOYeBLqLyc3YQiJB6sUxnCua2pnTCShRANCAAScFu7WJPSZ6L7lOMuxdxZLEVEhEpAOkyd1saAghJ5AkpFUMMJjrWrbml7jeEwB9NG5sCZYWm8GtFdWA1fGQ9iT",
		"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEnBbu1iT0mei+5TjLsXcWSxFRIRKQDpMndbGgIISeQJKRVDDCY61q25pe43hMAfTRubAmWFpvBrRXVgNXxkPYkw==",
	},
}

// Standard Webhooks v1a (Ed25519) keys in the whsk_/whpk_ form.
const (
	whsk = "whsk_KLIGRkIUB6IcTmC5W77FXCTAiiFQRPe8GafWu/8EOvnFxBrlem1Qt7nqoutmgMdgwucuv85AzTl/Dsg5UozEqQ=="
	whpk = "whpk_xcQa5XptULe56qLrZoDHYMLnLr/OQM05fw7IOVKMxKk="
)
