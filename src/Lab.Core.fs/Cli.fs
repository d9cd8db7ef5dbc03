namespace Lab.Core

[<AbstractClass; Sealed>]
type internal CliPlaceholder = class end
