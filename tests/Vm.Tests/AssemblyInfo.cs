// Every test here boots real guests; the backends bound concurrent guests by cores and memory (BootSlots), so tests
// running in parallel would wait for each other's boots inside their own timeouts. They run one after the other.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
