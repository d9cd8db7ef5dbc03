namespace Lab.Core

// placeholder: replaced by the module that belongs here
[<AbstractClass; Sealed>]
type internal EnvironmentPlaceholder = class end
