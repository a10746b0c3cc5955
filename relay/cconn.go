package relay

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// csession is one connection of the client: a writer goroutine owns the
// socket's writes, the stored-request worker delivers queued requests one
// at a time in order (or CatchUpConcurrency workers, out of order), and
// live requests each get a goroutine.
type csession struct {
	c      *Client
	ws     *websocket.Conn
	out    chan []byte
	done   chan struct{}
	stored chan *Message
	once   sync.Once
}

func (s *csession) close() {
	s.once.Do(func() {
		close(s.done)
		s.ws.Close()
	})
}

// session connects, subscribes and serves until the connection ends. It
// reports whether the relay accepted the subscription.
func (c *Client) session(ctx context.Context) (bool, error) {
	ws, err := c.dial(ctx)
	if err != nil {
		return false, err
	}
	ws.SetReadLimit(c.cfg.MaxMessage)
	sub, err := c.subscribe(ws)
	if err != nil {
		ws.Close()
		return false, err
	}
	s := &csession{c: c, ws: ws, out: make(chan []byte, 256), done: make(chan struct{}), stored: make(chan *Message, 1024)}
	stop := context.AfterFunc(ctx, s.close)
	defer stop()
	var wg sync.WaitGroup
	wg.Add(1 + c.cfg.CatchUpConcurrency)
	go func() { defer wg.Done(); s.writer() }()
	for range c.cfg.CatchUpConcurrency {
		go func() { defer wg.Done(); s.storedWorker(ctx) }()
	}
	c.cfg.Visitor.connected(Session{Channel: c.cfg.Channel, Token: c.cfg.Token, URL: sub.URL, Created: sub.Created, Pending: sub.Pending})
	err = s.read(ctx, time.Duration(sub.PingPeriodMS)*time.Millisecond)
	s.close()
	wg.Wait()
	return true, err
}

func (c *Client) dial(ctx context.Context) (*websocket.Conn, error) {
	ws, resp, err := c.cfg.Dialer.DialContext(ctx, c.wsURL, nil)
	if err == nil {
		return ws, nil
	}
	if resp != nil {
		switch resp.StatusCode {
		case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusOK:
			return nil, &RefusedError{Code: "not_a_relay", Message: fmt.Sprintf("%s is not a hookctl relay (HTTP %d on its websocket endpoint)", c.cfg.RelayURL, resp.StatusCode)}
		}
		return nil, fmt.Errorf("relay answered HTTP %d", resp.StatusCode)
	}
	return nil, err
}

// subscribe sends the subscribe frame and reads the answer. A refusal the
// relay marks final becomes a *RefusedError.
func (c *Client) subscribe(ws *websocket.Conn) (*Message, error) {
	frame, err := Encode(&Message{Type: TypeSubscribe, V: ProtocolVersion, Channel: c.cfg.Channel, Token: c.cfg.Token, Key: c.cfg.CreateKey})
	if err != nil {
		return nil, err
	}
	_ = ws.SetWriteDeadline(time.Now().Add(c.cfg.WriteWait))
	if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
		return nil, err
	}
	_ = ws.SetReadDeadline(time.Now().Add(15 * time.Second))
	_, data, err := ws.ReadMessage()
	if err != nil {
		return nil, err
	}
	m, err := Decode(data)
	if err != nil {
		return nil, err
	}
	switch {
	case m.Type == TypeError && m.Final:
		return nil, &RefusedError{Code: m.Code, Message: m.Message}
	case m.Type == TypeError:
		return nil, errors.New(m.Message)
	case m.Type != TypeSubscribed || m.Channel == "":
		return nil, fmt.Errorf("relay sent %q instead of subscribed", m.Type)
	}
	c.cfg.Channel = m.Channel
	if m.Token != "" {
		c.cfg.Token = m.Token
	}
	return m, nil
}

func (s *csession) send(m *Message) {
	frame, err := Encode(m)
	if err != nil {
		return
	}
	select {
	case s.out <- frame:
	case <-s.done:
	}
}

func (s *csession) writer() {
	for {
		select {
		case <-s.done:
			return
		case frame := <-s.out:
			_ = s.ws.SetWriteDeadline(time.Now().Add(writeWait(s.c.cfg.WriteWait, len(frame))))
			if err := s.ws.WriteMessage(websocket.TextMessage, frame); err != nil {
				s.close()
				return
			}
		}
	}
}

// read handles frames until the connection fails. The relay pings every
// ping period; three missed pings mean the connection is dead.
func (s *csession) read(ctx context.Context, ping time.Duration) error {
	if ping <= 0 {
		ping = 20 * time.Second
	}
	alive := func() { _ = s.ws.SetReadDeadline(time.Now().Add(3 * ping)) }
	alive()
	s.ws.SetPingHandler(func(data string) error {
		alive()
		return s.ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(s.c.cfg.WriteWait))
	})
	live := make(chan struct{}, s.c.cfg.Concurrency)
	for {
		_, data, err := s.ws.ReadMessage()
		if err != nil {
			return fmt.Errorf("connection lost: %w", err)
		}
		alive()
		m, err := Decode(data)
		if err != nil {
			continue
		}
		switch {
		case m.Type == TypeRequest && m.Stored:
			select {
			case s.stored <- m:
			case <-s.done:
			}
		case m.Type == TypeRequest:
			live <- struct{}{}
			go func() { defer func() { <-live }(); s.deliverLive(ctx, m) }()
		case m.Type == TypeCaughtUp:
			s.c.cfg.Visitor.caughtUp(m.Count)
		case m.Type == TypeError && m.Final:
			return &RefusedError{Code: m.Code, Message: m.Message}
		}
	}
}
