package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestBuildsTakeTurns: a second Writer of one output folder waits until
// the first has committed, says so, and leaves the first's folder alone;
// a wait ends with its context.
func TestBuildsTakeTurns(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan struct{})
	type begun struct {
		w   *Writer
		err error
	}
	second := make(chan begun, 1)
	go func() { // owner: the test; ends when the first build commits
		w, err := BeginWaiting(context.Background(), out, func() { close(waiting) })
		second <- begun{w, err}
	}()
	select {
	case <-waiting:
	case b := <-second:
		t.Fatalf("the second build began while the first ran: %v", b.err)
	case <-time.After(10 * time.Second):
		t.Fatal("the second build neither waits nor begins")
	}
	if err := first.Page("index.html", []byte("first")); err != nil {
		t.Fatalf("the first build cannot write once the second is waiting: %v", err)
	}
	if _, err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	b := <-second
	if b.err != nil {
		t.Fatalf("second build: %v", b.err)
	}
	if err := b.w.Page("index.html", []byte("second")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.w.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || string(data) != "second" {
		t.Errorf("index.html = %q, %v; want the second build's", data, err)
	}

	// a build that waits stops when its context ends
	held, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err = BeginWaiting(ctx, out, cancel)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("BeginWaiting after its context ended = %v", err)
	}
	held.Abort()
	again, err := Begin(out) // the abandoned wait lets go of the lock it gets
	if err != nil {
		t.Fatal(err)
	}
	again.Abort()
	if data, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || string(data) != "second" {
		t.Errorf("aborted builds changed the output: index.html = %q, %v", data, err)
	}
}
