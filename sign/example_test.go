package sign_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// Sign a body as Stripe would, check it, then see a tampered copy fail
// with an error that says why.
func Example() {
	stripe, err := sign.Lookup("stripe")
	if err != nil {
		panic(err)
	}
	body := []byte(`{"id":"evt_1","type":"payment_intent.succeeded"}`)
	at := time.Unix(1795435200, 0)
	headers, err := stripe.Sign(sign.SignParams{Secret: "whsec_test", Body: body, Timestamp: at})
	if err != nil {
		panic(err)
	}
	for _, h := range headers {
		fmt.Printf("%s: %s\n", h.Name, h.Value)
	}

	res, err := stripe.Verify(sign.VerifyParams{Headers: sign.Headers(headers), Body: body,
		Secrets: []string{"whsec_old", "whsec_test"}, Now: at.Add(time.Minute)})
	fmt.Println(res.Provider, "valid with secret", res.SecretIndex+1, err)

	_, err = stripe.Verify(sign.VerifyParams{Headers: sign.Headers(headers), Body: append(body, '\n'),
		Secrets: []string{"whsec_test"}, Now: at.Add(time.Minute)})
	fmt.Println(errors.Is(err, sign.ErrNoMatchingSignature))
	fmt.Println(err)
	// Output:
	// Stripe-Signature: t=1795435200,v1=02c1648040d704e00f70802f9c5bb15347654cc427f1ebe69ae9b70c83661376
	// stripe valid with secret 2 <nil>
	// true
	// stripe: Stripe-Signature does not match the body with any of 1 secret(s) (the body differs from what was signed: the signed body had no trailing newline (this one has one); verify the raw bytes as received)
}

// Detect names the provider from the headers a request carries.
func ExampleDetect() {
	h := sign.Headers{{Name: "X-Hub-Signature-256", Value: "sha256=…"}, {Name: "X-GitHub-Event", Value: "push"}}
	if s, ok := sign.Detect(h); ok {
		fmt.Println(s.Info().Title)
	}
	// Output: GitHub
}
