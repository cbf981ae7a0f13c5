package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestVersionLine(t *testing.T) {
	platform := " " + runtime.GOOS + "/" + runtime.GOARCH
	for _, tt := range []struct {
		bi   *debug.BuildInfo
		want string
	}{
		{nil, "sitrep (devel) " + runtime.Version() + platform},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "example.org/sitrep", Version: "v0.3.0"}},
			"sitrep v0.3.0 go1.26.8" + platform},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/sitrep-dev/sitrep", Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "991cdf6c1a2b3c4d5e6f708192a3b4c5d6e7f809"},
			{Key: "vcs.time", Value: "2025-06-01T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		}}, "sitrep (devel) (commit 991cdf6c1a2b, 2025-06-01T10:00:00Z, modified) go1.26.8" + platform},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}},
			"sitrep (devel) (commit abc) go1.26.8" + platform},
	} {
		if got := versionLine(tt.bi); got != tt.want {
			t.Errorf("versionLine(%v) =\n%q, want\n%q", tt.bi, got, tt.want)
		}
	}
}
