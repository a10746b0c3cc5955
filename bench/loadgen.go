package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// load describes one run of the load generator.
type load struct {
	URL         string
	Concurrency int
	Duration    time.Duration
	// MaxRequests bounds the run even if Duration has not passed.
	MaxRequests int64
	Body        []byte
	Headers     http.Header
}

// loadResult is what the sender saw.
type loadResult struct {
	Sent, OK, Failed int64
	Elapsed          time.Duration
	Latencies        []time.Duration
}

func (r loadResult) rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

func (r loadResult) percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(p * float64(len(r.Latencies)-1))
	return r.Latencies[i]
}

// run fires requests from Concurrency workers, each on its own kept-alive
// connection, until Duration passes or MaxRequests have been sent.
func (l load) run(ctx context.Context) loadResult {
	ctx, cancel := context.WithTimeout(ctx, l.Duration)
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: l.Concurrency, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var sent, ok, failed atomic.Int64
	lat := make([][]time.Duration, l.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < l.Concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ctx.Err() == nil {
				if l.MaxRequests > 0 && sent.Add(1) > l.MaxRequests {
					return
				} else if l.MaxRequests <= 0 {
					sent.Add(1)
				}
				t0 := time.Now()
				if l.once(ctx, client) {
					ok.Add(1)
					lat[w] = append(lat[w], time.Since(t0))
				} else if ctx.Err() == nil {
					failed.Add(1)
				}
			}
		}(w)
	}
	wg.Wait()
	res := loadResult{OK: ok.Load(), Failed: failed.Load(), Elapsed: time.Since(start)}
	res.Sent = res.OK + res.Failed
	for _, l := range lat {
		res.Latencies = append(res.Latencies, l...)
	}
	slices.Sort(res.Latencies)
	return res
}

func (l load) once(ctx context.Context, client *http.Client) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.URL, bytes.NewReader(l.Body))
	if err != nil {
		return false
	}
	for k, v := range l.Headers {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}
