package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// checkVNU runs the W3C Nu Html Checker over every page of every site, in
// one Java process.
func checkVNU(ctx context.Context, cfg config, sites []*builtSite, rep *report) error {
	jar, err := toolPath(cfg, "vnu-jar/build/dist/vnu.jar")
	if err != nil {
		return err
	}
	args := []string{"-jar", jar, "--errors-only", "--format", "json", "--exit-zero-always"}
	n := 0
	for _, s := range sites {
		for _, rel := range s.pages {
			args = append(args, filepath.Join(s.dir, filepath.FromSlash(rel)))
			n++
		}
	}
	cmd := exec.CommandContext(ctx, "java", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("java -jar vnu.jar: %v\n%s", err, stderr.Bytes())
	}
	var res struct {
		Messages []struct {
			Type      string `json:"type"`
			SubType   string `json:"subType"`
			URL       string `json:"url"`
			LastLine  int    `json:"lastLine"`
			FirstCol  int    `json:"firstColumn"`
			Message   string `json:"message"`
			Extract   string `json:"extract"`
			LastColum int    `json:"lastColumn"`
		} `json:"messages"`
	}
	out := stderr.Bytes()
	if len(bytes.TrimSpace(out)) == 0 {
		out = stdout.Bytes()
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return fmt.Errorf("vnu output is not JSON: %v\n%s", err, out)
	}
	errs := 0
	for _, m := range res.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		errs++
		file := strings.TrimPrefix(m.URL, "file:")
		for _, s := range sites {
			if r, err := filepath.Rel(s.dir, file); err == nil && !strings.HasPrefix(r, "..") {
				file = s.name + " " + filepath.ToSlash(r)
			}
		}
		rep.find("vnu", "%s:%d:%d: %s\n      %s", file, m.LastLine, m.FirstCol, m.Message, strings.TrimSpace(m.Extract))
	}
	rep.line("vnu: %d errors in %d pages", errs, n)
	return nil
}
