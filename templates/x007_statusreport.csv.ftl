<#-- x007 status report: every installed meter with the outcome of its last readout and its last status byte.
     Header texts in the configured language (text.*). -->
${text.meterId}${sep}${text.manufacturer}${sep}${text.medium}${sep}${text.moid}${sep}${text.active}${sep}${text.status}${sep}${text.lastReadout}${sep}${text.statusByte}${sep}${text.message}
<#list meters as m>
${m.secondary}${sep}${m.manufacturer}${sep}${m.medium}${sep}${csv(m.moid)}${sep}${m.active?then("1", "0")}${sep}${m.status}${sep}${m.lastReadout}${sep}${m.statusByteHex}${sep}${csv(m.statusMessage)}
</#list>
