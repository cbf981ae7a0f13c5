package main

import (
	"context"
	"os"
	"strconv"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// usage: url width selector out [dark|print]
func main() {
	w, _ := strconv.Atoi(os.Args[2])
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("hide-scrollbars", true))
	actx, c1 := chromedp.NewExecAllocator(context.Background(), opts...)
	defer c1()
	ctx, c2 := chromedp.NewContext(actx)
	defer c2()
	var vp chromedp.Action[chromedp.Void]
	if w < 800 {
		vp = chromedp.EmulateViewport(int64(w), 844, chromedp.EmulateMobile)
	} else {
		vp = chromedp.EmulateViewport(int64(w), 900)
	}
	if err := chromedp.Do(ctx, vp); err != nil {
		panic(err)
	}
	if len(os.Args) > 5 {
		p := emulation.SetEmulatedMediaParams{}
		if os.Args[5] == "print" {
			p.Media = "print"
		} else {
			p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, p); err != nil {
			panic(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(os.Args[1])); err != nil {
		panic(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("document.querySelector('"+os.Args[3]+"').scrollIntoView(); true")); err != nil {
		panic(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		panic(err)
	}
	os.WriteFile(os.Args[4], png, 0o644)
}
