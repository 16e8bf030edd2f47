using MptcpMatrix.Contracts;

namespace MptcpMatrix.Agent.Expectations;

/// <summary>What a missing feature means on this kernel: the outcome, why, and the words for the report.</summary>
internal readonly record struct Judgement(CheckOutcome Outcome, Expectation Expectation, string Reason);
