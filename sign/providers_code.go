package sign

func codeSchemes() []Scheme { return nil }
