package lockedbuf

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Writers racing each other and a reader lose nothing (run with -race).
func TestBuffer(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				if n, err := fmt.Fprintf(&b, "%d", i); n != 1 || err != nil {
					t.Errorf("Write = %d, %v", n, err)
				}
				_ = b.String()
			}
		})
	}
	wg.Wait()
	got := b.String()
	if len(got) != 800 {
		t.Fatalf("len = %d, want 800", len(got))
	}
	for i := range 8 {
		if c := strings.Count(got, fmt.Sprint(i)); c != 100 {
			t.Errorf("%d written %d times, want 100", i, c)
		}
	}
}
