package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// minScore is the least score each Lighthouse category must reach.
const minScore = 0.98

var lighthouseCategories = []string{"performance", "accessibility", "best-practices", "seo"}

// checkLighthouse runs Lighthouse's default (mobile) preset on the home
// page, the longest brief and the longest actor page of each site.
func checkLighthouse(ctx context.Context, cfg config, sites []*builtSite, rep *report) error {
	lh, done, err := newLighthouse(cfg, rep, minScore)
	if err != nil {
		return err
	}
	defer done()
	var scores []string
	for _, s := range sites {
		picked := lighthousePages(s)
		for _, name := range []string{"home", "brief", "actor"} {
			p, ok := picked[name]
			if !ok {
				rep.find("lighthouse", "%s: the %s site has no %s page", s.name, s.name, name)
				continue
			}
			if len(sites) > 1 {
				name = s.name + " " + name
			}
			score, err := lh.page(ctx, name, p)
			if err != nil {
				return err
			}
			if score != "" {
				scores = append(scores, score)
			}
		}
	}
	rep.line("lighthouse (performance/accessibility/best-practices/seo, mobile): %s", strings.Join(scores, ", "))
	return nil
}

// newLighthouse finds Lighthouse and Chromium and makes a folder for the
// reports, which done removes; min is the least score of each category.
func newLighthouse(cfg config, rep *report, min float64) (lh lighthouse, done func(), err error) {
	cli, err := toolPath(cfg, "lighthouse/cli/index.js")
	if err != nil {
		return lighthouse{}, nil, err
	}
	chrome, err := chromiumPath()
	if err != nil {
		return lighthouse{}, nil, err
	}
	tmp, err := os.MkdirTemp("", "sitrep-audit-lighthouse-")
	if err != nil {
		return lighthouse{}, nil, err
	}
	return lighthouse{cli: cli, chrome: chrome, tmp: tmp, rep: rep, min: min}, func() { os.RemoveAll(tmp) }, nil
}

// lighthousePages picks, among the sample pages of the site, its home page,
// its longest brief and its longest actor page, by "home", "brief" and
// "actor".
func lighthousePages(s *builtSite) map[string]samplePage {
	picked := map[string]samplePage{}
	for _, p := range samples(s, nil) {
		var name string
		switch {
		case strings.Contains(p.label, " home "):
			name = "home"
		case strings.Contains(p.label, " brief "):
			name = "brief"
		case strings.Contains(p.label, " actor "):
			name = "actor"
		default:
			continue
		}
		picked[name] = p
	}
	return picked
}

// lighthouse is what each Lighthouse run needs: its command-line script,
// the Chromium it drives, a folder for its reports and where findings go.
type lighthouse struct {
	cli, chrome, tmp string
	rep              *report
	min              float64 // the least score of each category
}

// lighthouseReport is what checkLighthouse reads of a Lighthouse JSON
// report.
type lighthouseReport struct {
	RuntimeError *struct{ Code, Message string } `json:"runtimeError"`
	Categories   map[string]struct {
		Score     *float64 `json:"score"`
		AuditRefs []struct {
			ID     string  `json:"id"`
			Weight float64 `json:"weight"`
		} `json:"auditRefs"`
	} `json:"categories"`
	Audits map[string]struct {
		Title        string   `json:"title"`
		Score        *float64 `json:"score"`
		DisplayValue string   `json:"displayValue"`
	} `json:"audits"`
}

// page runs Lighthouse on one page, named name in the report, and returns
// its scores as "name 99/100/100/100". When the run fails, it reports a
// finding and returns "".
func (lh lighthouse) page(ctx context.Context, name string, p samplePage) (string, error) {
	out := filepath.Join(lh.tmp, strings.ReplaceAll(name, " ", "-")+".json")
	msg, runErr := lh.run(ctx, p.url, out)
	data, err := os.ReadFile(out)
	if runErr != nil && err != nil {
		lh.rep.find("lighthouse", "%s (%s): lighthouse failed: %v\n%s", name, p.url, runErr, msg)
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var res lighthouseReport
	if err := json.Unmarshal(data, &res); err != nil {
		return "", fmt.Errorf("lighthouse report %s: %w", out, err)
	}
	// A run that fails part way (a gatherer out of time on a huge page)
	// still writes the scores it has: they are reported with the error.
	switch {
	case res.RuntimeError != nil:
		lh.rep.find("lighthouse", "%s: %s: %s", name, res.RuntimeError.Code, res.RuntimeError.Message)
	case runErr != nil:
		lh.rep.find("lighthouse", "%s (%s): lighthouse failed: %v\n%s", name, p.url, runErr, msg)
	}
	return name + " " + lh.scores(name, &res), nil
}

// run runs Lighthouse on pageURL, within three minutes, writing its JSON
// report to out, and returns what it printed.
func (lh lighthouse) run(ctx context.Context, pageURL, out string) ([]byte, error) {
	rctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(rctx, "node", lh.cli, pageURL,
		"--output=json", "--output-path="+out, "--quiet",
		"--only-categories="+strings.Join(lighthouseCategories, ","),
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --no-first-run --disable-sync --user-data-dir="+strings.TrimSuffix(out, ".json")+"-profile",
	)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+lh.chrome)
	// Interrupted, Lighthouse's chrome-launcher kills the Chromium it
	// started (its own process group) before exiting; killed, it cannot.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 15 * time.Second
	msg, err := cmd.CombinedOutput()
	if err != nil && rctx.Err() == context.DeadlineExceeded {
		err = fmt.Errorf("it did not finish within 3 minutes (%v)", err)
	}
	return msg, err
}

// scores returns the page's category scores, as percentages joined by "/",
// and reports each category that is missing or below lh.min, with the
// audits that pulled it down.
func (lh lighthouse) scores(name string, res *lighthouseReport) string {
	var parts []string
	for _, c := range lighthouseCategories {
		cat := res.Categories[c]
		if cat.Score == nil {
			lh.rep.find("lighthouse", "%s: no %s score", name, c)
			parts = append(parts, "?")
			continue
		}
		parts = append(parts, fmt.Sprintf("%.0f", *cat.Score*100))
		if *cat.Score >= lh.min {
			continue
		}
		var failing []string
		for _, a := range cat.AuditRefs {
			if au, ok := res.Audits[a.ID]; ok && a.Weight > 0 && au.Score != nil && *au.Score < 1 {
				failing = append(failing, fmt.Sprintf("%s %.2f %s", a.ID, *au.Score, au.DisplayValue))
			}
		}
		lh.rep.find("lighthouse", "%s: %s %.2f < %.2f; audits below 1: %s", name, c, *cat.Score, lh.min, strings.Join(failing, "; "))
	}
	return strings.Join(parts, "/")
}
