package relay

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// sconn is the server's side of one client's websocket. Only writer writes
// to ws (gorilla allows one writer at a time); everything else queues
// frames on send.
type sconn struct {
	s      *Server
	ch     *channel
	ws     *websocket.Conn
	remote string
	send   chan []byte
	done   chan struct{}
	once   sync.Once
	reason string
}

// kill ends the connection; the first reason given is the one reported.
func (c *sconn) kill(reason string) {
	c.once.Do(func() {
		c.reason = reason
		close(c.done)
		// Closing the socket unblocks the reader; the writer sees done.
		deadline := time.Now().Add(time.Second)
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, reason), deadline)
		_ = c.ws.Close()
	})
}

// trySend queues a frame without waiting. A client whose buffer is full is
// too slow to keep: it is disconnected, and its requests stay queued.
func (c *sconn) trySend(frame []byte) bool {
	select {
	case <-c.done:
		return false
	default:
	}
	select {
	case c.send <- frame:
		return true
	default:
		c.kill("client too slow: send buffer full")
		return false
	}
}

// sendWait queues a frame, waiting for room; the drainer uses it because
// its window already bounds what it sends.
func (c *sconn) sendWait(frame []byte) bool {
	select {
	case c.send <- frame:
		return true
	case <-c.done:
		return false
	}
}

func (c *sconn) writer() {
	defer c.s.wg.Done()
	ping := time.NewTicker(c.s.cfg.PingPeriod)
	defer ping.Stop()
	for {
		select {
		case <-c.done:
			return
		case frame := <-c.send:
			_ = c.ws.SetWriteDeadline(time.Now().Add(writeWait(c.s.cfg.WriteWait, len(frame))))
			if err := c.ws.WriteMessage(websocket.TextMessage, frame); err != nil {
				c.kill("write failed: " + err.Error())
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.s.cfg.WriteWait)); err != nil {
				c.kill("ping failed: " + err.Error())
				return
			}
		}
	}
}

// reader handles the client's frames until the connection ends. Any frame
// or pong shows the client is alive and extends the idle deadline.
func (c *sconn) reader() {
	alive := func() { _ = c.ws.SetReadDeadline(time.Now().Add(c.s.cfg.PongWait)) }
	alive()
	c.ws.SetPongHandler(func(string) error { alive(); return nil })
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			c.kill("connection closed")
			return
		}
		alive()
		m, err := Decode(data)
		if err != nil {
			continue // a frame we cannot read must not end a healthy tunnel
		}
		switch m.Type {
		case TypeResponse:
			c.ch.settle(c, m)
		case TypeAck:
			if m.Seq == 0 {
				continue
			}
			// The drainer deletes acks in batches, one store write for
			// all that arrived while it was busy, and frees its window.
			// It never waits on this client for long (the window is
			// smaller than the send buffer), so waiting here is safe.
			select {
			case c.ch.acks <- m.Seq:
			case <-c.done:
				return
			}
		}
	}
}

// minWriteRate is the slowest rate at which a peer may take a frame before
// it counts as stuck: each write gets WriteWait plus the time its size needs
// at 512 KiB/s, so a big request on a slow link is not taken for a stall.
const minWriteRate = 512 << 10

func writeWait(base time.Duration, size int) time.Duration {
	return base + time.Duration(size)*time.Second/minWriteRate
}
