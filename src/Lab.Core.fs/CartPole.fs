namespace Lab.Core

[<AbstractClass; Sealed>]
type internal CartPolePlaceholder = class end
