// Package relay is hookctl's public relay: the server that takes webhooks on
// RELAY/c/CHANNEL/..., keeps them durably and passes them over a websocket
// to a tunnel client on a developer's machine, the client itself, and the
// wire protocol between the two.
package relay

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hookctl/hookctl/webhook"
)

// ProtocolVersion is the wire protocol version this build speaks. A server
// refuses a client that asks for a newer one, with a message saying so.
const ProtocolVersion = 1

// Subprotocol is the websocket subprotocol name both sides ask for, so a
// proxy or a packet capture shows what the socket carries.
const Subprotocol = "hookctl-relay.v1"

// Message types. Every frame is one JSON object with a "type" field; a
// reader ignores types it does not know so that later versions can add some.
const (
	TypeSubscribe  = "subscribe"  // client → server: which channel, with which token
	TypeSubscribed = "subscribed" // server → client: the channel is yours
	TypeRequest    = "request"    // server → client: a webhook to deliver
	TypeResponse   = "response"   // client → server: the local app's answer to a live request
	TypeAck        = "ack"        // client → server: a stored request was delivered, delete it
	TypeCaughtUp   = "caught_up"  // server → client: every stored request has been acknowledged
	TypeError      = "error"      // either way: something was refused
)

// Message is one frame. Which fields are set depends on Type; the protocol
// is documented field by field in docs/relay.md.
type Message struct {
	Type string `json:"type"`
	// V is the protocol version, sent on subscribe and subscribed.
	V int `json:"v,omitempty"`

	// subscribe and subscribed
	Channel string `json:"channel,omitempty"`
	Token   string `json:"token,omitempty"`
	Key     string `json:"key,omitempty"`
	URL     string `json:"url,omitempty"`
	Created bool   `json:"created,omitempty"`
	Pending int    `json:"pending,omitempty"`
	// PingPeriodMS tells the client how often the server pings, so it can
	// tell a dead connection from a quiet one.
	PingPeriodMS int64 `json:"ping_period_ms,omitempty"`

	// request, response and ack
	ID        string          `json:"id,omitempty"`
	Seq       uint64          `json:"seq,omitempty"`
	Stored    bool            `json:"stored,omitempty"`
	Forwarded *Forwarded      `json:"forwarded,omitempty"`
	Request   json.RawMessage `json:"request,omitempty"`
	Response  *Answer         `json:"response,omitempty"`

	// caught_up
	Count int `json:"count,omitempty"`

	// error (and a response whose local delivery failed)
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// Final means retrying cannot help: the client must stop.
	Final bool `json:"final,omitempty"`

	// Req is the decoded Request of a request message; it is not sent.
	Req *webhook.Request `json:"-"`
}

// Forwarded is what the relay saw of the original sender, for the client to
// pass on as X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host.
type Forwarded struct {
	For   string `json:"for,omitempty"`
	Proto string `json:"proto,omitempty"`
	Host  string `json:"host,omitempty"`
}

// Answer is the local app's answer carried back to the sender, in the
// fixture's encoding (a body that is not UTF-8 travels as base64).
type Answer = webhook.ResponseJSON

// NewAnswer builds the wire form of a delivery's response.
func NewAnswer(r *webhook.Response) *Answer {
	a := webhook.NewResponseJSON(r)
	return &a
}

// NewRequestMessage wraps req for the wire in its fixture form, which keeps
// the method, path, header order and body byte for byte.
func NewRequestMessage(req *webhook.Request, seq uint64, stored bool, fwd *Forwarded) (*Message, error) {
	line, err := webhook.MarshalFixtureLine(req)
	if err != nil {
		return nil, err
	}
	line = bytes.TrimRight(line, "\n")
	return &Message{Type: TypeRequest, ID: req.ID, Seq: seq, Stored: stored, Forwarded: fwd, Request: line, Req: req}, nil
}

// Encode returns the frame for m. A request's fixture (m.Request, valid
// JSON from NewRequestMessage or Decode) is spliced in as it is: handed to
// encoding/json, it would be scanned and re-compacted on every request,
// the costliest step of putting a request on the wire.
func Encode(m *Message) ([]byte, error) {
	if m.Type == "" {
		return nil, errors.New("relay message has no type")
	}
	if len(m.Request) == 0 {
		return json.Marshal(m)
	}
	rest := *m
	rest.Request = nil
	head, err := json.Marshal(&rest)
	if err != nil {
		return nil, err
	}
	frame := make([]byte, 0, len(head)+len(m.Request)+12)
	frame = append(frame, head[:len(head)-1]...) // up to the closing brace
	frame = append(frame, `,"request":`...)
	frame = append(frame, m.Request...)
	return append(frame, '}'), nil
}

// requestKey joins a request's fixture to the rest of its frame in Encode,
// and responseKey an answer to its response frame (encoding/json writes it
// last, the fields after it being empty).
var (
	requestKey  = []byte(`,"request":`)
	responseKey = []byte(`,"response":`)
)

// Decode parses one frame and checks the fields its type needs. A request's
// fixture is decoded into Req, and m.Request may share data's memory.
func Decode(data []byte) (*Message, error) {
	if m, ok := decodeSpliced(data); ok {
		return m, nil
	}
	return decodeGeneral(data)
}

// decodeGeneral reads any frame, whatever its fields' order.
func decodeGeneral(data []byte) (*Message, error) {
	var m Message
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("relay message is not valid JSON: %v", err)
	}
	switch m.Type {
	case "":
		return nil, errors.New(`relay message has no "type"`)
	case TypeRequest:
		if len(m.Request) == 0 {
			return nil, errors.New("relay request message carries no request")
		}
		req, err := webhook.ParseFixture(m.Request)
		if err != nil {
			return nil, fmt.Errorf("relay request message: %v", err)
		}
		m.Req = req
	case TypeResponse, TypeAck:
		if m.ID == "" {
			return nil, fmt.Errorf("relay %s message has no id", m.Type)
		}
		if m.Type == TypeResponse && m.Response == nil && m.Message == "" {
			return nil, errors.New("relay response message has neither an answer nor an error")
		}
	}
	if m.Type == TypeRequest && (m.Req.ID == "" || m.Req.ID != m.ID) {
		return nil, errors.New("relay request message: the request id is missing or does not match")
	}
	return &m, nil
}

// decodeSpliced reads a request or response frame laid out as Encode
// writes it: the envelope's fields, then `,"request":` and the fixture (or
// `,"response":` and the answer) last. It reads the envelope, then the
// request or answer in one pass, where json.Unmarshal would walk the whole
// frame three or four times. Any other layout, or anything wrong, is left
// to the general path, which also words the errors.
//
// It is exact, not a guess: the key cannot sit inside a string (a quote
// there is escaped), the envelope before it must parse as a whole object
// (so the key is at the top level), and what follows must parse as one
// value followed by the closing brace.
func decodeSpliced(data []byte) (*Message, bool) {
	frame := bytes.TrimRight(data, " \t\r\n")
	if len(frame) == 0 || frame[len(frame)-1] != '}' {
		return nil, false
	}
	key, want := requestKey, TypeRequest
	i := bytes.Index(frame, key)
	if i < 0 {
		key, want = responseKey, TypeResponse
		if i = bytes.Index(frame, key); i < 0 {
			return nil, false
		}
	}
	head := make([]byte, i+1)
	copy(head, frame[:i])
	head[i] = '}'
	var m Message
	if json.Unmarshal(head, &m) != nil || m.Type != want || len(m.Request) != 0 || m.Response != nil || m.ID == "" {
		return nil, false
	}
	raw := bytes.TrimSpace(frame[i+len(key) : len(frame)-1])
	if want == TypeResponse {
		a, ok := webhook.DecodeResponseJSON(raw)
		if !ok {
			return nil, false
		}
		m.Response = &a
		return &m, true
	}
	req, err := webhook.ParseFixture(raw)
	if err != nil || req.ID != m.ID {
		return nil, false
	}
	m.Request, m.Req = raw, req
	return &m, true
}
