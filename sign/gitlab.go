package sign

import (
	"crypto/subtle"
	"fmt"
)

// gitlab sends the secret token itself in X-Gitlab-Token: no MAC, just a
// constant-time comparison. Requests signed with GitLab's newer signing
// token carry Standard Webhooks headers and are checked as such.
type gitlab struct{}

const gitlabHeader = "X-Gitlab-Token"

func (gitlab) Info() Info {
	return Info{Name: "gitlab", Title: "GitLab", Headers: []string{gitlabHeader},
		Algorithm: "secret token, compared (or Standard Webhooks with a signing token)",
		Docs:      "https://docs.gitlab.com/user/project/integrations/webhooks/#validate-payloads-by-using-a-secret-token"}
}

func (gitlab) detectScore(h HeaderGetter) int {
	return scoreHeaders(h, gitlabHeader, nil, []string{"X-Gitlab-Event"})
}

func (gitlab) Sign(p SignParams) ([]Header, error) {
	if p.Secret == "" {
		return nil, ErrNoSecret
	}
	return []Header{{Name: gitlabHeader, Value: p.Secret}}, nil
}

func (gitlab) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: "gitlab", Kind: ErrNoSecret, Detail: "no secret token given to verify with"}
	}
	got := get(p.Headers, gitlabHeader)
	if got == "" {
		if get(p.Headers, "webhook-signature") != "" {
			res, err := stdWebhooks{name: "gitlab", prefix: "webhook"}.Verify(p)
			return res, err
		}
		return Result{}, missing("gitlab", gitlabHeader, p.Headers)
	}
	for i, s := range p.Secrets {
		if subtle.ConstantTimeCompare([]byte(got), []byte(s)) == 1 {
			return Result{Provider: "gitlab", SecretIndex: i}, nil
		}
	}
	return Result{}, &VerifyError{Provider: "gitlab", Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("%s does not equal any of %d secret token(s)", gitlabHeader, len(p.Secrets))}
}
