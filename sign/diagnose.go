package sign

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
)

// tryFunc reports whether the request's signature matches a variant of
// the body, URL and key.
type tryFunc func(body []byte, url string, key []byte) bool

// diagnose looks for the likely cause of a mismatch by trying the usual
// accidents: a changed body, a secret in the wrong form, a different URL.
// It returns "" when none explains it.
func diagnose(p VerifyParams, form secretForm, usesURL bool, try tryFunc) string {
	keys := make([][]byte, 0, len(p.Secrets))
	for _, s := range p.Secrets {
		if k, err := form.key(s); err == nil {
			keys = append(keys, k)
		}
	}
	for _, v := range bodyVariants(p.Body) {
		for _, k := range keys {
			if try(v.body, p.URL, k) {
				return "the body differs from what was signed: " + v.why + "; verify the raw bytes as received"
			}
		}
	}
	if hint := secretHint(p.Secrets, form, p.Body, p.URL, try); hint != "" {
		return hint
	}
	if usesURL {
		for _, u := range urlVariants(p.URL) {
			for _, k := range keys {
				if try(p.Body, u.url, k) {
					return "the URL differs from the one signed: " + u.why
				}
			}
		}
		return "check the secret and that --url is exactly the URL the provider called"
	}
	return "check the secret, and that the body is the raw bytes as received"
}

type bodyVariant struct {
	body []byte
	why  string
}

func bodyVariants(body []byte) []bodyVariant {
	var out []bodyVariant
	if t := bytes.TrimRight(body, "\r\n"); len(t) != len(body) {
		out = append(out, bodyVariant{t, "the signed body had no trailing newline (this one has one)"})
	} else {
		out = append(out, bodyVariant{append(append([]byte{}, body...), '\n'), "the signed body ended with a newline (this one lacks it)"})
	}
	if bytes.Contains(body, []byte("\r\n")) {
		out = append(out, bodyVariant{bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n")), "line endings were changed to CRLF"})
	}
	if !json.Valid(body) {
		return out
	}
	var compact bytes.Buffer
	if json.Compact(&compact, body) == nil && !bytes.Equal(compact.Bytes(), body) {
		out = append(out, bodyVariant{compact.Bytes(), "it was signed as compact JSON and has been re-serialised (pretty-printed)"})
	}
	for _, ind := range []string{"  ", "\t", "    "} {
		var indented bytes.Buffer // not reused: the variant keeps its bytes
		if json.Indent(&indented, body, "", ind) == nil && !bytes.Equal(indented.Bytes(), body) {
			out = append(out, bodyVariant{indented.Bytes(), "it was signed as indented JSON and has been re-serialised (compacted)"})
		}
	}
	return out
}

func secretHint(secrets []string, form secretForm, body []byte, u string, try tryFunc) string {
	for _, s := range secrets {
		forms := keyForms(s)
		if k, ok := forms["trimmed"]; ok && try(body, u, k) {
			return "the secret has leading or trailing whitespace; remove it"
		}
		if k, ok := forms["decoded"]; ok && form == secretRaw && try(body, u, k) {
			return "the secret is in the wrong form: the request was signed with the base64-decoded secret, but this provider uses the secret text as it is"
		}
		if form != secretRaw && try(body, u, forms["raw"]) {
			return "the secret is in the wrong form: the request was signed with the secret text as it is, but this provider base64-decodes it (after any whsec_ prefix)"
		}
	}
	return ""
}

type urlVariant struct{ url, why string }

// urlVariants are the URLs a proxy or a mistyped --url commonly turns the
// real one into: default port, scheme, trailing slash, query.
func urlVariants(raw string) []urlVariant {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil
	}
	var out []urlVariant
	add := func(v url.URL, why string) { out = append(out, urlVariant{v.String(), why}) }
	v := *u
	switch {
	case u.Port() == "" && u.Scheme == "https":
		v.Host += ":443"
		add(v, "it was signed with the explicit default port :443")
	case u.Port() == "" && u.Scheme == "http":
		v.Host += ":80"
		add(v, "it was signed with the explicit default port :80")
	case u.Port() == "443" || u.Port() == "80":
		v.Host = u.Hostname()
		add(v, "it was signed without the default port")
	}
	for _, sch := range []string{"http", "https"} {
		if u.Scheme != sch {
			v = *u
			v.Scheme = sch
			add(v, "it was signed with "+sch+"://, behind a proxy that changed the scheme")
		}
	}
	v = *u
	if strings.HasSuffix(u.Path, "/") {
		v.Path = strings.TrimSuffix(u.Path, "/")
		add(v, "it was signed without the trailing slash")
	} else {
		v.Path += "/"
		add(v, "it was signed with a trailing slash")
	}
	if u.RawQuery != "" {
		v = *u
		v.RawQuery = ""
		add(v, "it was signed without the query string")
	}
	return out
}
