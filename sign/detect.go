package sign

// detector is implemented by schemes that can tell their own requests
// apart from others by the headers present. The score is how sure: 0 means
// "not mine".
type detector interface {
	detectScore(h HeaderGetter) int
}

// Detect picks the scheme whose headers the request carries. When several
// match (X-Hub-Signature is used by GitHub, Intercom and Bitbucket), the one
// with the most of its headers present wins, then the more widely used.
func Detect(h HeaderGetter) (Scheme, bool) {
	var best Scheme
	bestScore := 0
	for _, s := range schemes() {
		d, ok := s.(detector)
		if !ok {
			continue
		}
		if score := d.detectScore(h); score > bestScore {
			best, bestScore = s, score
		}
	}
	return best, best != nil
}

// scoreHeaders counts the present headers: the first (the signature
// header) is required, markers add weight, so a request carrying
// X-GitHub-Event as well as X-Hub-Signature-256 scores higher for GitHub
// than for Meta.
func scoreHeaders(h HeaderGetter, sig string, others []string, markers []string) int {
	if h == nil || !has(h, sig) {
		return 0
	}
	score := 2
	for _, o := range others {
		if has(h, o) {
			score += 2
		}
	}
	for _, m := range markers {
		if has(h, m) {
			score += 3
		}
	}
	return score
}

// otherProvider names the provider whose signature header the request
// carries instead, for "header missing" messages. It returns "" when none
// does or when it is self.
func otherProvider(h HeaderGetter, self string) string {
	s, ok := Detect(h)
	if !ok || s.Info().Name == self {
		return ""
	}
	info := s.Info()
	for _, name := range info.Headers {
		if has(h, name) {
			return name + " (" + info.Title + ")"
		}
	}
	// Detected through headers it accepts but does not list (svix-* for
	// Standard Webhooks): naming it would mislead.
	return ""
}
