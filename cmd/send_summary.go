package cmd

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hookctl/hookctl/render"
)

// sendSummary is what --repeat ends with: answers by status, latency
// percentiles over the answered requests, and the failures.
type sendSummary struct {
	total, ok, failed, noAnswer int
	byStatus                    map[int]int
	p50, p95, p99               time.Duration
	failures                    []string
}

func summarize(results []sendResult) sendSummary {
	s := sendSummary{total: len(results), byStatus: map[int]int{}}
	sort.Slice(results, func(i, j int) bool { return results[i].N < results[j].N })
	var took []time.Duration
	for _, res := range results {
		switch {
		case res.Resp == nil:
			s.noAnswer++
			s.failed++
			s.failures = append(s.failures, fmt.Sprintf("#%d %v", res.N, res.Err))
			continue
		case res.Resp.OK():
			s.ok++
		default:
			s.failed++
			s.failures = append(s.failures, fmt.Sprintf("#%d %s", res.N, statusText(res.Resp.Status)))
		}
		s.byStatus[res.Resp.Status]++
		took = append(took, res.Resp.Total)
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	s.p50, s.p95, s.p99 = percentile(took, 50), percentile(took, 95), percentile(took, 99)
	return s
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}

func (s sendSummary) text() string {
	var b strings.Builder
	var parts []string
	for _, code := range sortedStatuses(s.byStatus) {
		parts = append(parts, fmt.Sprintf("%d × %s", s.byStatus[code], statusText(code)))
	}
	if s.noAnswer > 0 {
		parts = append(parts, fmt.Sprintf("%d × no answer", s.noAnswer))
	}
	fmt.Fprintf(&b, "\n%d requests: %s\n", s.total, strings.Join(parts, ", "))
	if s.total > s.noAnswer {
		fmt.Fprintf(&b, "latency p50 %s · p95 %s · p99 %s\n", render.Duration(s.p50), render.Duration(s.p95), render.Duration(s.p99))
	}
	if len(s.failures) > 0 {
		const show = 10
		list := s.failures
		if len(list) > show {
			list = append(list[:show:show], fmt.Sprintf("and %d more", len(s.failures)-show))
		}
		fmt.Fprintf(&b, "failures: %s\n", strings.Join(list, "; "))
	}
	return b.String()
}

// sendSummaryJSON is the --json summary line.
type sendSummaryJSON struct {
	Type     string         `json:"type"`
	Total    int            `json:"total"`
	OK       int            `json:"ok"`
	Failed   int            `json:"failed"`
	NoAnswer int            `json:"no_answer"`
	ByStatus map[string]int `json:"by_status"`
	P50MS    float64        `json:"p50_ms"`
	P95MS    float64        `json:"p95_ms"`
	P99MS    float64        `json:"p99_ms"`
	Failures []string       `json:"failures"`
}

func (s sendSummary) json() sendSummaryJSON {
	j := sendSummaryJSON{Type: "summary", Total: s.total, OK: s.ok, Failed: s.failed, NoAnswer: s.noAnswer,
		ByStatus: map[string]int{}, P50MS: sendMillis(s.p50), P95MS: sendMillis(s.p95), P99MS: sendMillis(s.p99),
		Failures: append([]string{}, s.failures...)}
	for code, n := range s.byStatus {
		j.ByStatus[strconv.Itoa(code)] = n
	}
	return j
}

// sortedStatuses lists status codes in order, for a stable summary.
func sortedStatuses(m map[int]int) []int {
	codes := make([]int, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	return codes
}
