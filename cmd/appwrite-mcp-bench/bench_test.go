package main

import (
	"io"
	"os"
	"slices"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	c := &cell{}
	for i := 100; i >= 1; i-- {
		c.lat = append(c.lat, time.Duration(i)*time.Millisecond)
	}
	for _, tt := range []struct {
		q    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {95, 95 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := c.pct(tt.q); got != tt.want {
			t.Errorf("p%v = %v, want %v", tt.q, got, tt.want)
		}
	}
	if got := (&cell{}).pct(50); got != 0 {
		t.Errorf("empty p50 = %v", got)
	}
}

// TestProcReaders: this process's CPU time and RSS read from /proc are
// plausible and CPU time grows with work.
func TestProcReaders(t *testing.T) {
	before, err := cpuTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		_ = make([]byte, 1024)
	}
	after, err := cpuTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Errorf("CPU time did not grow with work: %v then %v", before, after)
	}
	if n, err := rss(os.Getpid()); err != nil || n < 1<<20 {
		t.Errorf("rss = %d, %v", n, err)
	}
	if _, err := cpuTime(-1); err == nil {
		t.Error("cpuTime of no process succeeded")
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args    []string
		levels  []int
		wantErr bool
	}{
		{nil, []int{1, 32, 64}, false},
		{[]string{"-c", "2, 8"}, []int{2, 8}, false},
		{[]string{"-smoke"}, []int{1, 4}, false},
		{[]string{"-c", "0"}, nil, true},
		{[]string{"-c", "x"}, nil, true},
		{[]string{"-rounds", "0"}, nil, true},
	}
	for _, tt := range tests {
		o, err := parseFlags(tt.args, io.Discard)
		if (err != nil) != tt.wantErr {
			t.Errorf("%v: err = %v", tt.args, err)
			continue
		}
		if err == nil && !slices.Equal(o.levels, tt.levels) {
			t.Errorf("%v: levels %v, want %v", tt.args, o.levels, tt.levels)
		}
	}
}
