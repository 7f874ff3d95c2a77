<#-- x007 status report: every installed meter with the outcome of its last readout and its last status byte. -->
Meter ID${sep}Manufacturer${sep}Medium${sep}MOID${sep}Active${sep}Status${sep}Last readout${sep}Status byte${sep}Message
<#list meters as m>
${m.secondary}${sep}${m.manufacturer}${sep}${m.medium}${sep}${csv(m.moid)}${sep}${m.active?then("1", "0")}${sep}${m.status}${sep}${m.lastReadout}${sep}${m.statusByteHex}${sep}${csv(m.statusMessage)}
</#list>
