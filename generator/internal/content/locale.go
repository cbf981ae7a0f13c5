package content

import "strings"

// ogLocales are the territories OpenGraph's og:locale takes for a bare
// language, as Facebook's own locales pair them.
var ogLocales = map[string]string{
	"af": "ZA", "ar": "AR", "az": "AZ", "be": "BY", "bg": "BG", "bn": "IN", "bs": "BA", "ca": "ES", "cs": "CZ",
	"cy": "GB", "da": "DK", "de": "DE", "el": "GR", "en": "US", "es": "ES", "et": "EE", "eu": "ES", "fa": "IR",
	"fi": "FI", "fr": "FR", "ga": "IE", "gl": "ES", "he": "IL", "hi": "IN", "hr": "HR", "hu": "HU", "hy": "AM",
	"id": "ID", "is": "IS", "it": "IT", "ja": "JP", "ka": "GE", "kk": "KZ", "ko": "KR", "ku": "TR", "lt": "LT",
	"lv": "LV", "mk": "MK", "ms": "MY", "nb": "NO", "nl": "NL", "nn": "NO", "pl": "PL", "ps": "AF", "pt": "PT",
	"ro": "RO", "ru": "RU", "sk": "SK", "sl": "SI", "sq": "AL", "sr": "RS", "sv": "SE", "sw": "KE", "ta": "IN",
	"th": "TH", "tr": "TR", "uk": "UA", "ur": "PK", "uz": "UZ", "vi": "VN", "zh": "CN",
}

// OGLocale returns a language tag (site.yaml's language) in OpenGraph's
// form, language_TERRITORY: en-GB gives en_GB, and a bare language its
// usual territory (en gives en_US, fr fr_FR, ar ar_AR); a language the
// table does not know is given as it is.
func OGLocale(lang string) string {
	base, region, ok := strings.Cut(strings.ReplaceAll(lang, "_", "-"), "-")
	base = strings.ToLower(base)
	if ok && len(region) == 2 {
		return base + "_" + strings.ToUpper(region)
	}
	if t, found := ogLocales[base]; found {
		return base + "_" + t
	}
	return strings.ReplaceAll(lang, "-", "_")
}
