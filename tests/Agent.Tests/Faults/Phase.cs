namespace MptcpMatrix.Agent.Tests.Faults;

/// <summary>Before a side's first write (its <c>initial</c> round) or after it (echo end and <c>final</c> round).</summary>
internal enum Phase
{
    Initial,
    Final,
}
