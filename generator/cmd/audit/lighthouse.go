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
	cli, err := toolPath(cfg, "lighthouse/cli/index.js")
	if err != nil {
		return err
	}
	chrome, err := chromiumPath()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "sitrep-audit-lighthouse-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var scores []string
	for _, s := range sites {
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
		for _, name := range []string{"home", "brief", "actor"} {
			p, ok := picked[name]
			if !ok {
				rep.find("lighthouse", "%s: the %s site has no %s page", s.name, s.name, name)
				continue
			}
			if len(sites) > 1 {
				name = s.name + " " + name
			}
			out := filepath.Join(tmp, strings.ReplaceAll(name, " ", "-")+".json")
			rctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
			cmd := exec.CommandContext(rctx, "node", cli, p.url,
				"--output=json", "--output-path="+out, "--quiet",
				"--only-categories="+strings.Join(lighthouseCategories, ","),
				"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --no-first-run --disable-sync --user-data-dir="+filepath.Join(tmp, "profile"),
			)
			cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
			msg, err := cmd.CombinedOutput()
			cancel()
			if err != nil {
				rep.find("lighthouse", "%s (%s): lighthouse failed: %v\n%s", name, p.url, err, msg)
				continue
			}
			data, err := os.ReadFile(out)
			if err != nil {
				return err
			}
			var res struct {
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
			if err := json.Unmarshal(data, &res); err != nil {
				return fmt.Errorf("lighthouse report %s: %w", out, err)
			}
			if res.RuntimeError != nil {
				rep.find("lighthouse", "%s: %s: %s", name, res.RuntimeError.Code, res.RuntimeError.Message)
				continue
			}
			var parts []string
			for _, c := range lighthouseCategories {
				cat := res.Categories[c]
				if cat.Score == nil {
					rep.find("lighthouse", "%s: no %s score", name, c)
					parts = append(parts, "?")
					continue
				}
				parts = append(parts, fmt.Sprintf("%.0f", *cat.Score*100))
				if *cat.Score >= minScore {
					continue
				}
				var failing []string
				for _, a := range cat.AuditRefs {
					if au, ok := res.Audits[a.ID]; ok && a.Weight > 0 && au.Score != nil && *au.Score < 1 {
						failing = append(failing, fmt.Sprintf("%s %.2f %s", a.ID, *au.Score, au.DisplayValue))
					}
				}
				rep.find("lighthouse", "%s: %s %.2f < %.2f; audits below 1: %s", name, c, *cat.Score, minScore, strings.Join(failing, "; "))
			}
			scores = append(scores, name+" "+strings.Join(parts, "/"))
		}
	}
	rep.line("lighthouse (performance/accessibility/best-practices/seo, mobile): %s", strings.Join(scores, ", "))
	return nil
}
