package build

import (
	"context"
	"testing"
	"testing/fstest"
)

// sampleSite is the repository's sample site: content/ and the default theme.
func sampleSite(t testing.TB) fstest.MapFS {
	m := fstest.MapFS{}
	addDir(t, m, "../../../content", "content")
	addDir(t, m, "../../../templates", "templates")
	addDir(t, m, "../../../static", "static")
	return m
}

// TestSampleSite checks the repository's own sample site (content/ at the
// root, rendered by `make build`): no errors and no warnings, every brief
// but the draft published, and a page for every profile.
func TestSampleSite(t *testing.T) {
	m := sampleSite(t)
	rep, err := Run(context.Background(), Config{Site: m, DryRun: true, Now: fixedNow})
	if err != nil || len(rep.Diags) > 0 {
		t.Fatalf("sample site: %v\n%s", err, diagText(rep.Diags))
	}
	drafts, err := Run(context.Background(), Config{Site: m, DryRun: true, Now: fixedNow, Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Briefs < 6 || drafts.Briefs != rep.Briefs+1 {
		t.Errorf("sample site: %d briefs, %d with drafts; want at least 6 and exactly one draft", rep.Briefs, drafts.Briefs)
	}
}
