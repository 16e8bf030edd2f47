// Placeholder entry point; the command classes (plan, run, report, doctor, schema, kernels) replace it.
return 0;
