package catalog

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// timeRE parses {{now}}, {{now.iso}}, {{now+30d}}, {{now.ms-5m}}.
var timeRE = regexp.MustCompile(`^now(?:\.([a-z0-9]+))?(?:([+-])(\d+)([smhd]))?$`)

// timeFormats are the ways providers write a time. The first two are JSON
// numbers; the rest are strings.
var timeFormats = map[string]func(time.Time) string{
	"":        func(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) },
	"ms":      func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) },
	"unix":    func(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) },
	"iso":     func(t time.Time) string { return t.Format("2006-01-02T15:04:05Z") },
	"isoms":   func(t time.Time) string { return t.Format("2006-01-02T15:04:05.000Z") },
	"isous":   func(t time.Time) string { return t.Format("2006-01-02T15:04:05.000000Z") },
	"offset":  func(t time.Time) string { return t.Format("2006-01-02T15:04:05-07:00") },
	"rfc1123": func(t time.Time) string { return t.Format("Mon, 02 Jan 2006 15:04:05 -0700") },
	"date":    func(t time.Time) string { return t.Format("2006-01-02") },
	"slack":   func(t time.Time) string { return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000) },
}

// time renders a {{now…}} placeholder: the render's clock, moved by an
// optional offset, in the named format. "now" and "now.ms" are numbers;
// "now.unix" is the seconds as a string (Slack's event_time is a number,
// Zoom's are strings).
func (f *filler) time(spec string) (string, bool, error) {
	m := timeRE.FindStringSubmatch(spec)
	if m == nil {
		return "", false, fmt.Errorf("template placeholder {{%s}}: write now, now.FORMAT or now.FORMAT+30d", spec)
	}
	format, ok := timeFormats[m[1]]
	if !ok {
		return "", false, fmt.Errorf("template placeholder {{%s}}: unknown time format %q", spec, m[1])
	}
	t := f.now
	if m[2] != "" {
		n, _ := strconv.Atoi(m[3])
		unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[4]]
		d := time.Duration(n) * unit
		if m[2] == "-" {
			d = -d
		}
		t = t.Add(d)
	}
	numeric := m[1] == "" || m[1] == "ms"
	return format(t), numeric, nil
}
