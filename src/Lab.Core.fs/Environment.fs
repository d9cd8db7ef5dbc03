namespace Lab.Core

[<AbstractClass; Sealed>]
type internal EnvironmentPlaceholder = class end
