package relay

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"github.com/hookctl/hookctl/relay/store"
)

// Error codes the server sends before closing a connection it refuses.
const (
	CodeUnauthorized = "unauthorized"  // wrong token for the channel
	CodeKeyRequired  = "key_required"  // creating a channel needs the operator's key
	CodeBadChannel   = "bad_channel"   // the name is not a valid channel name
	CodeBadVersion   = "bad_version"   // the client speaks a newer protocol
	CodeBadRequest   = "bad_request"   // the first frame was not a subscribe
	CodeUnavailable  = "unavailable"   // the store failed; retrying may help
	CodeShuttingDown = "shutting_down" // the relay is stopping; reconnect
)

var channelName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ValidChannelName reports whether name can name a channel.
func ValidChannelName(name string) bool { return channelName.MatchString(name) }

// NewChannelName returns a random 128-bit channel name (26 characters).
func NewChannelName() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// NewToken returns a random 256-bit channel token.
func NewToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return "rt_" + hex.EncodeToString(b[:])
}

func hashToken(token string) [32]byte { return sha256.Sum256([]byte(token)) }

type refusal struct{ code, msg string }

func (r *refusal) Error() string { return r.msg }

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered with an HTTP error
	}
	ws.SetReadLimit(s.cfg.MaxMessage)
	_ = ws.SetReadDeadline(time.Now().Add(s.cfg.WriteWait))
	var sub *Message
	_, data, err := ws.ReadMessage()
	if err == nil {
		sub, err = Decode(data)
	}
	if err == nil && sub.Type != TypeSubscribe {
		err = &refusal{CodeBadRequest, "the first message must be a subscribe"}
	}
	var reply *Message
	if err == nil {
		reply, err = s.subscribe(s.ctx, sub)
	}
	if err != nil {
		s.refuse(ws, r.RemoteAddr, sub, err)
		return
	}
	s.attach(ws, r.RemoteAddr, reply)
}

func (s *Server) refuse(ws *websocket.Conn, remote string, sub *Message, err error) {
	var rf *refusal
	m := &Message{Type: TypeError, Code: CodeBadRequest, Message: err.Error(), Final: true}
	if errors.As(err, &rf) {
		m.Code = rf.code
		m.Final = rf.code != CodeUnavailable && rf.code != CodeShuttingDown
	}
	if frame, err := Encode(m); err == nil {
		_ = ws.SetWriteDeadline(time.Now().Add(s.cfg.WriteWait))
		_ = ws.WriteMessage(websocket.TextMessage, frame)
		_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.ClosePolicyViolation, m.Code), time.Now().Add(time.Second))
	}
	ws.Close()
	name := ""
	if sub != nil {
		name = sub.Channel
	}
	s.emit(ServerEvent{Kind: "refuse", Channel: name, Remote: remote, Outcome: m.Code, Detail: m.Message})
}

// subscribe checks a subscribe message and returns the subscribed reply:
// an empty channel creates one; a free name is claimed with the token
// given; an existing channel needs its token.
func (s *Server) subscribe(ctx context.Context, sub *Message) (*Message, error) {
	if s.ctx.Err() != nil {
		return nil, &refusal{CodeShuttingDown, "the relay is shutting down; reconnect shortly"}
	}
	if sub.V > ProtocolVersion {
		return nil, &refusal{CodeBadVersion, "the client speaks a newer relay protocol than this relay; upgrade the relay"}
	}
	reply := &Message{Type: TypeSubscribed, V: ProtocolVersion, Channel: sub.Channel, PingPeriodMS: s.cfg.PingPeriod.Milliseconds()}
	if sub.Channel == "" {
		reply.Channel, reply.Token, reply.Created = NewChannelName(), NewToken(), true
		sub.Token = reply.Token
	} else if !ValidChannelName(sub.Channel) {
		return nil, &refusal{CodeBadChannel, "channel names are 1 to 64 letters, digits, '-' or '_'"}
	}
	if err := s.authorize(ctx, sub, reply); err != nil {
		return nil, err
	}
	depth, err := s.store.Depth(ctx, reply.Channel)
	if err != nil {
		return nil, &refusal{CodeUnavailable, "the relay's store failed: " + err.Error()}
	}
	reply.Pending = depth
	reply.URL = s.cfg.PublicURL + "/c/" + reply.Channel
	return reply, nil
}

func (s *Server) authorize(ctx context.Context, sub, reply *Message) error {
	rec, err := s.store.Channel(ctx, reply.Channel)
	if errors.Is(err, store.ErrNoChannel) {
		if s.cfg.CreateKey != "" && subtle.ConstantTimeCompare([]byte(sub.Key), []byte(s.cfg.CreateKey)) != 1 {
			return &refusal{CodeKeyRequired, "this relay needs a key to create channels: pass --create-key"}
		}
		if sub.Token == "" {
			return &refusal{CodeUnauthorized, "claiming a channel name needs a token: pass --token"}
		}
		rec = store.Channel{Name: reply.Channel, TokenHash: hashToken(sub.Token), Created: time.Now()}
		err = s.store.CreateChannel(ctx, rec)
		reply.Created = true
		if errors.Is(err, store.ErrChannelExists) {
			reply.Created = false
			rec, err = s.store.Channel(ctx, reply.Channel)
		}
	}
	if err != nil {
		return &refusal{CodeUnavailable, "the relay's store failed: " + err.Error()}
	}
	want, got := rec.TokenHash, hashToken(sub.Token)
	if subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
		return &refusal{CodeUnauthorized, "the token for channel " + reply.Channel + " is wrong: check --token"}
	}
	return nil
}

// attach starts serving a subscribed client: its writer, the channel's
// drainer if none runs, and its reader on this goroutine. All three are
// counted in s.wg, so Close returns only once they have stopped.
func (s *Server) attach(ws *websocket.Conn, remote string, reply *Message) {
	ch := s.channel(reply.Channel)
	c := &sconn{s: s, ch: ch, ws: ws, remote: remote, send: make(chan []byte, s.cfg.SendBuffer), done: make(chan struct{})}
	frame, _ := Encode(reply)
	c.send <- frame
	s.mu.Lock()
	if s.ctx.Err() != nil {
		s.mu.Unlock()
		s.refuse(ws, remote, reply, &refusal{CodeShuttingDown, "the relay is shutting down; reconnect shortly"})
		return
	}
	s.wg.Add(2) // reader and writer
	if ch.add(c) {
		s.wg.Add(1)
		go s.drain(ch)
	}
	s.mu.Unlock()
	s.bus.Present(ch.name, 1)
	defer s.wg.Done()
	go c.writer()
	s.metrics.clients.Add(1)
	s.emit(ServerEvent{Kind: "connect", Channel: ch.name, Remote: remote})
	c.reader()
	ch.remove(c)
	s.bus.Present(ch.name, -1)
	ch.poke() // the drainer picks the next first client
	s.metrics.clients.Add(-1)
	s.emit(ServerEvent{Kind: "disconnect", Channel: ch.name, Remote: remote, Detail: c.reason})
}
