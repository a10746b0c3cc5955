package replay

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// Pace spaces sends out. The zero Pace sends as fast as workers are free.
type Pace struct {
	// Rate is the most requests started per second; 0 means no limit.
	Rate float64
	// AsRecorded keeps the gaps between the fixtures' receive times, each
	// cut to MaxGap when that is above 0.
	AsRecorded bool
	MaxGap     time.Duration
	// Now and Sleep stand in for the clock in tests; nil means the real one.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// ParseRate reads a --rate value: "10", "10/s", "120/m" or "120/min".
func ParseRate(s string) (float64, error) {
	num, unit, _ := strings.Cut(strings.TrimSpace(s), "/")
	r, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || r <= 0 {
		return 0, fmt.Errorf("rate %q is not valid: use requests per second such as 10/s, or per minute such as 120/m", s)
	}
	switch strings.TrimSpace(unit) {
	case "", "s", "sec":
		return r, nil
	case "m", "min":
		return r / 60, nil
	case "h":
		return r / 3600, nil
	}
	return 0, fmt.Errorf("rate %q has an unknown unit: use /s, /m or /h", s)
}

// pacer keeps the schedule of one run: when the next send is due.
type pacer struct {
	Pace
	last     time.Time // when the last request was handed out
	lastSeen time.Time // its receive time
	started  bool
}

func (p Pace) start() *pacer {
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Sleep == nil {
		p.Sleep = sleep
	}
	return &pacer{Pace: p}
}

// wait blocks until req is due: after the recorded gap and the rate's
// interval have passed since the last send.
func (p *pacer) wait(ctx context.Context, req *webhook.Request) error {
	defer func() { p.lastSeen = req.ReceivedAt }()
	if !p.started {
		return nil
	}
	var gap time.Duration
	if p.AsRecorded && !req.ReceivedAt.IsZero() && !p.lastSeen.IsZero() {
		gap = max(req.ReceivedAt.Sub(p.lastSeen), 0)
		if p.MaxGap > 0 {
			gap = min(gap, p.MaxGap)
		}
	}
	if p.Rate > 0 {
		gap = max(gap, time.Duration(float64(time.Second)/p.Rate))
	}
	if d := p.last.Add(gap).Sub(p.Now()); d > 0 {
		return p.Sleep(ctx, d)
	}
	return ctx.Err()
}

// sent marks the moment a request was handed to a worker.
func (p *pacer) sent() {
	p.started = true
	p.last = p.Now()
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
