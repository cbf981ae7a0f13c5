package build

import (
	"context"
	"strings"
	"testing"
)

// A theme lacking a page kind's template is a located error. (A site read
// through the overlay always has the built-in ones; this is a theme read
// alone.)
func TestMissingTemplate(t *testing.T) {
	site := fixtureSite(t)
	delete(site, "templates/brief.html")
	_, err := Run(context.Background(), Config{Site: site, DryRun: true, Now: fixedNow})
	if err == nil || !strings.Contains(err.Error(), "templates/brief.html: missing template") {
		t.Errorf("build without templates/brief.html: %v, want a missing template", err)
	}
}
