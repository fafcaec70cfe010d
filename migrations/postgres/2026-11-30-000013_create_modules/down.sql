DROP TABLE module_completions;
DROP TABLE module_experts;
DROP TABLE modules;
