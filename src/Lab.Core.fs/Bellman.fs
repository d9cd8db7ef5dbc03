namespace Lab.Core

[<AbstractClass; Sealed>]
type internal BellmanPlaceholder = class end
