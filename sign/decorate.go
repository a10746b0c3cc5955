package sign

// handshakeFunc and eventFunc add the optional interfaces to a scheme
// without making every scheme claim them: a type assertion for Handshaker
// or EventTyper succeeds only where the provider has one.
type (
	handshakeFunc func(HandshakeParams) (HandshakeAnswer, bool)
	eventFunc     func(h HeaderGetter, body []byte) string
)

type detectingScheme interface {
	Scheme
	detector
}

type withEvent struct {
	detectingScheme
	event eventFunc
}

func (w withEvent) EventType(h HeaderGetter, body []byte) string { return w.event(h, body) }

type withHandshake struct {
	detectingScheme
	handshake handshakeFunc
}

func (w withHandshake) Handshake(p HandshakeParams) (HandshakeAnswer, bool) { return w.handshake(p) }

type withBoth struct {
	detectingScheme
	event     eventFunc
	handshake handshakeFunc
}

func (w withBoth) EventType(h HeaderGetter, body []byte) string        { return w.event(h, body) }
func (w withBoth) Handshake(p HandshakeParams) (HandshakeAnswer, bool) { return w.handshake(p) }

// decorate returns s with whichever of the optional interfaces it has.
func decorate(s detectingScheme, ev eventFunc, hs handshakeFunc) Scheme {
	switch {
	case ev != nil && hs != nil:
		return withBoth{s, ev, hs}
	case ev != nil:
		return withEvent{s, ev}
	case hs != nil:
		return withHandshake{s, hs}
	}
	return s
}
