namespace Lab.Core

[<AbstractClass; Sealed>]
type internal GridPlaceholder = class end
